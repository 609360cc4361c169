import type { CertdeskApi } from '../../shared/contract/index.js';

declare global {
  interface Window {
    /** The app's only door to the core: one named method per contract operation. */
    certdesk: CertdeskApi;
  }
}
export {};
