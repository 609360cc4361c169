import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { builtinModules } from 'node:module';
import svelteConfig from './svelte.config.js';

// Layers (ARCHITECTURE.md): each folder's allowed imports, checked here, not remembered.
//   shared             no Node, no Electron; imports only shared/ and zod
//   electron/core      Node, no Electron; never main, preload, cli or the renderer
//   electron/main      Electron glue: core and shared
//   electron/preload   only electron and shared (it runs in the sandboxed page)
//   electron/cli       no Electron; never main, preload or the renderer
//   renderer           no Node, no Electron; only shared/, renderer/ and svelte
const nodeBuiltinNames = builtinModules.filter((m) => !m.startsWith('_'));
const noNode = (why) => [
  ...nodeBuiltinNames.map((name) => ({ name, message: why })),
];
const nodePrefixBan = (why) => ({ group: ['node:*'], message: why });
const electronBan = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const folders = (names, message) => ({ group: names.flatMap((n) => [`**/${n}/**`, `**/${n}`]), message });
/** Bare package imports other than the listed ones (relative imports always pass). */
const onlyPackages = (allowed, message) => ({ regex: `^(?!\\.{1,2}/)(?!(${allowed.map((a) => a.replace(/[/.]/g, '\\$&')).join('|')})(/|$))`, message });

/**
 * Core domains in their one-way order: a domain imports only those in earlier tiers (and the core's
 * shared machinery at electron/core/*.ts and store/). Where two domains meet, the higher one
 * composes them (a keystore entry made by pki goes through keystore's KeystoreTargetPort).
 */
export const DOMAIN_ORDER = [
  ['store'],
  ['pki'],
  ['keystore'],
  ['agent-profiles', 'vault', 'app'],
  ['tls'],
  ['auth'],
  ['overview', 'activity'],
];

const coreBans = [folders(['main', 'preload', 'cli', 'renderer'], 'core is used by the app, the CLI and the tests alike: it must not reach into main, preload, the CLI or the renderer.')];

function coreRule(extraPatterns = []) {
  return { 'no-restricted-imports': ['error', { paths: [electronBan], patterns: [...coreBans, ...extraPatterns] }] };
}

/** One config block per domain, banning every domain of a later tier. */
function domainBlocks() {
  return DOMAIN_ORDER.flatMap((tier, i) => {
    const higher = DOMAIN_ORDER.slice(i + 1).flat();
    return tier.map((domain) => ({
      files: [`electron/core/${domain}/**`],
      rules: coreRule(higher.length ? [folders(higher, `Domain order (${DOMAIN_ORDER.map((t) => t.join('/')).join(' < ')}): ${domain} must not import a higher domain; let the higher one compose, or declare a port here.`)] : []),
    }));
  });
}

export const boundaryRules = {
  core: coreRule(),
  main: { 'no-restricted-imports': ['error', { patterns: [folders(['renderer', 'cli', 'preload'], 'electron/main is glue over core and shared: it does not import the renderer, the CLI or the preload.')] }] },
  preload: {
    'no-restricted-imports': [
      'error',
      {
        paths: noNode('The preload runs in the sandboxed page: only electron and shared/.'),
        patterns: [
          nodePrefixBan('The preload runs in the sandboxed page: only electron and shared/.'),
          folders(['core', 'main', 'cli', 'renderer'], 'The preload imports only electron and shared/ (the contract), never the core.'),
          onlyPackages(['electron'], 'The preload imports only electron and shared/.'),
        ],
      },
    ],
  },
  cli: { 'no-restricted-imports': ['error', { paths: [electronBan], patterns: [folders(['main', 'preload', 'renderer'], 'The CLI runs over the core in plain Node: never main, preload or the renderer.')] }] },
  shared: {
    'no-restricted-imports': [
      'error',
      {
        paths: [electronBan, ...noNode('shared/ runs in the page too: no Node built-ins.')],
        patterns: [
          nodePrefixBan('shared/ runs in the page too: no Node built-ins.'),
          folders(['electron', 'renderer', 'test'], 'shared/ is the contract: it imports only zod and shared/.'),
          onlyPackages(['zod'], 'shared/ is the contract: it imports only zod and shared/.'),
        ],
      },
    ],
  },
  renderer: {
    'no-restricted-imports': [
      'error',
      {
        paths: [electronBan, ...noNode('The renderer runs in the page: no Node built-ins.')],
        patterns: [
          nodePrefixBan('The renderer runs in the page: no Node built-ins.'),
          folders(['electron', 'test'], 'The renderer talks to the app only through window.certdesk.'),
          onlyPackages(['svelte', 'zod'], 'The renderer imports only shared/, renderer/ and svelte.'),
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'bin/**', '.svelte-kit/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: tseslint.parser, svelteConfig },
    },
  },
  { files: ['renderer/**'], languageOptions: { globals: { ...globals.browser } }, rules: boundaryRules.renderer },
  { files: ['electron/core/**'], rules: boundaryRules.core },
  ...domainBlocks(),
  { files: ['electron/main/**'], rules: boundaryRules.main },
  { files: ['electron/preload/**'], rules: boundaryRules.preload },
  { files: ['electron/cli/**'], rules: boundaryRules.cli },
  { files: ['shared/**'], rules: boundaryRules.shared },
  { files: ['test/harness/shim.ts'], languageOptions: { globals: { ...globals.browser } } },
);
