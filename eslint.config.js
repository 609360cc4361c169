import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

// Folder boundaries (ARCHITECTURE.md): checked here, not remembered.
const nodeBuiltins = { group: ['node:*'], message: 'shared/ and renderer/ run in the page too: no Node built-ins.' };
const electronBan = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const fsLikeBan = ['fs', 'fs/promises', 'path', 'os', 'crypto', 'child_process', 'net', 'tls', 'http', 'https'].map((name) => ({
  name,
  message: 'No Node built-ins here.',
}));

export const boundaryRules = {
  core: { 'no-restricted-imports': ['error', { paths: [electronBan], patterns: [{ group: ['**/main/*', '**/preload/*', '**/renderer/*'], message: 'core is used by the app, the CLI and the tests alike: it must not reach into main, preload or the renderer.' }] }] },
  cli: { 'no-restricted-imports': ['error', { paths: [electronBan] }] },
  shared: {
    'no-restricted-imports': [
      'error',
      { paths: [electronBan, ...fsLikeBan], patterns: [nodeBuiltins, { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ is the contract: it imports only zod and shared/.' }] },
    ],
  },
  renderer: {
    'no-restricted-imports': [
      'error',
      {
        paths: [electronBan, ...fsLikeBan],
        patterns: [nodeBuiltins, { group: ['**/electron/**'], message: 'The renderer talks to the app only through window.certdesk.' }],
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
  { files: ['electron/cli/**'], rules: boundaryRules.cli },
  { files: ['shared/**'], rules: boundaryRules.shared },
  { files: ['test/harness/shim.ts'], languageOptions: { globals: { ...globals.browser } } },
);
