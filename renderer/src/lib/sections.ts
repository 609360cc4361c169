/** The sections of the app, in sidebar order. */
export const SECTIONS = [
  { id: 'overview', label: 'Overview', description: 'What Certdesk knows about this machine.' },
  { id: 'certificates', label: 'Certificates', description: 'Inspect, create and convert certificates and keys.' },
  { id: 'keystores', label: 'Keystores', description: 'Java keystores, trust stores and agent profiles.' },
  { id: 'tls', label: 'TLS check', description: 'Check an endpoint and get a verdict in words.' },
  { id: 'credentials', label: 'Credentials', description: 'API tokens and secrets in the OS keychain.' },
  { id: 'auth', label: 'Auth tests', description: 'Make an authenticated call and see whether it worked.' },
  { id: 'activity', label: 'Activity', description: 'What Certdesk changed, and the backups it kept.' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

/** True for a known section id (used to read the URL hash safely). */
export function isSectionId(value: string): value is SectionId {
  return SECTIONS.some((s) => s.id === value);
}
