/**
 * What a recorded change touched, as the Activity section files and filters it. Plain data without
 * schemas, so the page and the CLI's words load no zod (the schema is in contract/activity-record.ts).
 */
export const CHANGE_KINDS = ['keystore', 'trust', 'file', 'agent-config', 'agent-profile', 'credential', 'data', 'backup', 'restore'] as const;

/** Each kind in words, for the filter and the list (the CLI and the app alike). */
export const CHANGE_KIND_TEXT: Readonly<Record<(typeof CHANGE_KINDS)[number], string>> = {
  keystore: 'keystore',
  trust: 'trust import',
  file: 'file written',
  'agent-config': 'agent configuration',
  'agent-profile': 'agent profile',
  credential: 'credential',
  data: 'Certdesk record',
  backup: 'backups removed',
  restore: 'restore',
};
