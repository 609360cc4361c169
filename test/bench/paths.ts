import { join } from 'node:path';

export const ROOT = process.cwd();
export const CLI_BUNDLE = join(ROOT, 'dist', 'cli', 'certdesk.cjs');
