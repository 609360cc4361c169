import pkg from '../../package.json' with { type: 'json' };

/** Certdesk's version, from package.json (bundled into the app and the CLI at build time). */
export const VERSION: string = pkg.version;
