import { z } from 'zod';
import { op } from './define.js';

/** Error codes the app domain adds: the OS keychain behind every stored secret. */
export const APP_ERROR_CODES = ['SECRET_STORE_UNAVAILABLE'] as const;

export const KeychainStatus = z.object({
  available: z.boolean(),
  /** The OS store behind it: Keychain, Credential Manager or Secret Service. */
  backend: z.string(),
  /** Why it is unavailable, in words. */
  reason: z.string().optional(),
});

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  arch: z.string(),
  runtime: z.string(),
  dataDir: z.string(),
  keychain: KeychainStatus,
});
export type AppInfo = z.infer<typeof AppInfo>;

/** Operations about the application itself. */
export const appOps = {
  'app.info': op({
    input: z.object({}).strict(),
    output: AppInfo,
    summary: 'Version, platform, data folder and keychain availability.',
  }),
};
