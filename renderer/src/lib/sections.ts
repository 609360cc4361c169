import type { Section } from './section-types.js';
import Overview from '../sections/overview/Overview.svelte';
import Certificates from '../sections/certificates/Certificates.svelte';
import Keystores from '../sections/keystores/Keystores.svelte';
import Tls from '../sections/tls/Tls.svelte';
import Credentials from '../sections/credentials/Credentials.svelte';
import Auth from '../sections/auth/Auth.svelte';
import Activity from '../sections/activity/Activity.svelte';

export type { Section, SectionInfo, SectionProps } from './section-types.js';

/**
 * Every built section, in sidebar order. A new section adds one entry here with its component;
 * the sidebar, the overview, the header and the URL hash all follow this list.
 */
export const SECTIONS: readonly Section[] = [
  {
    id: 'overview',
    label: 'Overview',
    description: 'Everything that expires or fails, most urgent first.',
    icon: 'M3 12l9-8 9 8M5 10v10h5v-6h4v6h5V10',
    component: Overview,
  },
  {
    id: 'certificates',
    label: 'Certificates',
    description: 'Inspect, create and convert certificates and keys.',
    icon: 'M4 4h16v12H4zM8 8h8M8 12h5M14 16l-2 5 3-1.5 3 1.5-2-5',
    component: Certificates,
  },
  {
    id: 'keystores',
    label: 'Keystores',
    description: 'Java keystores, trust stores and agent profiles.',
    icon: 'M7 11V7a5 5 0 0110 0v4M5 11h14v10H5zM12 15v2',
    component: Keystores,
  },
  {
    id: 'tls',
    label: 'TLS check',
    description: 'Check a server: verdict, chain as served, fixes; or a batch of servers.',
    icon: 'M12 3l7 3v6c0 4.5-3 7.5-7 9-4-1.5-7-4.5-7-9V6zM9 12l2 2 4-4',
    component: Tls,
  },
  {
    id: 'credentials',
    label: 'Credentials',
    description: 'API keys, tokens and secrets in the OS keychain, with their expiry.',
    icon: 'M15 7a4 4 0 11-3.9 4.9L4 19v2h3v-2h2v-2h2l1.1-1.1A4 4 0 0115 7zM16 10h.01',
    component: Credentials,
  },
  {
    id: 'auth',
    label: 'Auth tests',
    description: 'Does this credential work against that endpoint? A verdict, the request as sent, what was signed.',
    icon: 'M4 12h9M10 8l4 4-4 4M15 4h5v16h-5',
    component: Auth,
  },
  {
    id: 'activity',
    label: 'Activity',
    description: 'Every change Certdesk made, with its backup; restore a keystore or configuration.',
    icon: 'M12 8v4l3 2M3.5 12a8.5 8.5 0 1 0 2.5-6M3 4v4h4',
    component: Activity,
  },
];

/** The section with this id, if it is built (used to read the URL hash safely). */
export function findSection(id: string): Section | undefined {
  return SECTIONS.find((s) => s.id === id);
}
