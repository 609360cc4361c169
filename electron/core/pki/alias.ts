/** The alias Certdesk suggests for a new entry, decided once so the app, the CLI and the handlers agree. */

/**
 * From a common name: lower case (JKS lower-cases aliases anyway), `*.` as `wildcard.`, anything
 * outside letters, digits, dot, dash and underscore as a dash; `certdesk` when nothing is left.
 */
export function aliasFromCommonName(cn: string): string {
  const alias = cn.trim().toLowerCase().replace(/^\*\./, 'wildcard.').replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
  return alias === '' ? 'certdesk' : alias;
}
