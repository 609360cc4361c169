import type { Pkcs12Profile } from '../../../../shared/contract/pki.js';
import type { KeyPairOutput } from '../../../../shared/contract/pki-ops.js';

export type OutputKind = KeyPairOutput['kind'];

/** The "save as" part of a form: PEM pair, .pfx, or keystore entry, with each one's fields. */
export class OutputChoice {
  kind: OutputKind = $state('pem');
  certPath = $state('');
  keyPath = $state('');
  keyPassword = $state('');
  pfxPath = $state('');
  pfxPassword = $state('');
  friendlyName = $state('');
  profile: Pkcs12Profile = $state('modern');
  keystorePath = $state('');
  storePassword = $state('');
  alias = $state('');
  storeType: 'jks' | 'pkcs12' = $state('pkcs12');
  /** The keystore file already exists with this type (it keeps it); null for a new file or not known yet. */
  existingType = $state<string | null>(null);
  /** The alias the core would pick from the common name (shown, and used while the person types none). */
  suggestedAlias = $state('');

  constructor(kind: OutputKind = 'pem') {
    this.kind = kind;
  }

  /** The contract's output object for the chosen kind (empty optional fields left out). */
  toInput(): KeyPairOutput {
    switch (this.kind) {
      case 'pem':
        return { kind: 'pem', certPath: this.certPath, keyPath: this.keyPath, ...(this.keyPassword ? { keyPassword: this.keyPassword } : {}) };
      case 'pfx':
        return { kind: 'pfx', path: this.pfxPath, password: this.pfxPassword, profile: this.profile, ...(this.friendlyName.trim() ? { friendlyName: this.friendlyName.trim() } : {}) };
      case 'keystore':
        return {
          kind: 'keystore',
          path: this.keystorePath,
          storePassword: this.storePassword,
          // No alias typed: the core picks the one suggested from the common name.
          ...(this.alias.trim() ? { alias: this.alias.trim() } : {}),
          ...(this.existingType === null ? { storeType: this.storeType } : {}),
        };
      default: {
        const never: never = this.kind;
        return never;
      }
    }
  }
}
