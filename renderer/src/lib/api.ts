import type { CertdeskApi } from '../../../shared/contract/index.js';

/** The app's API (window.certdesk, set up by the preload in Electron or by the test harness shim). */
export function api(): CertdeskApi {
  return window.certdesk;
}
