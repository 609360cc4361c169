/** A section that is not built yet says so, and what it will do. */
interface Coming {
  with: string;
  what: readonly string[];
}

export interface Section {
  id: string;
  label: string;
  description: string;
  coming?: Coming;
}

/** The sections of the app, in sidebar order. */
export const SECTIONS = [
  { id: 'overview', label: 'Overview', description: 'What Certdesk knows about this machine.' },
  { id: 'certificates', label: 'Certificates', description: 'Inspect, create and convert certificates and keys.' },
  { id: 'keystores', label: 'Keystores', description: 'Java keystores, trust stores and agent profiles.' },
  {
    id: 'tls',
    label: 'TLS check',
    description: 'Check an endpoint and get a verdict in words.',
    coming: {
      with: 'the TLS check work',
      what: [
        'check a host and port and get a verdict in plain words, with the fix',
        'see the served chain and whether a given trust store trusts it',
        'copy a redacted report into a ticket',
      ],
    },
  },
  {
    id: 'credentials',
    label: 'Credentials',
    description: 'API tokens and secrets in the OS keychain.',
    coming: {
      with: 'the credential vault work',
      what: ['keep API tokens, client secrets and passwords in the OS keychain', 'track expiry dates and get warned in time'],
    },
  },
  {
    id: 'auth',
    label: 'Auth tests',
    description: 'Make an authenticated call and see whether it worked.',
    coming: {
      with: 'the authentication tests work',
      what: [
        'call an endpoint with Basic, API key, bearer, OAuth 2.0, HMAC, Digest or SigV4',
        'see the request with secrets masked and a verdict: authenticated or not, and why',
      ],
    },
  },
  {
    id: 'activity',
    label: 'Activity',
    description: 'What Certdesk changed, and the backups it kept.',
    coming: { with: 'the activity log work', what: ['see every change Certdesk made to your files, with the backup it kept'] },
  },
] as const satisfies readonly Section[];

export type SectionId = (typeof SECTIONS)[number]['id'];

/** True for a known section id (used to read the URL hash safely). */
export function isSectionId(value: string): value is SectionId {
  return SECTIONS.some((s) => s.id === value);
}
