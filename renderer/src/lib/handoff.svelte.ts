/**
 * What one section hands to the next when the person follows a link between them (Inspect → "Open in
 * Keystores"): set just before switching, taken once by the section that opens. In memory only.
 */
class Handoff {
  /** A keystore file to open in Keystores. */
  keystorePath = $state<string | undefined>();
  /** A new auth test to compose in Auth tests: this vault credential picked, this URL filled. */
  authRequest = $state<{ credentialName: string; url: string } | undefined>();
  /** A saved auth test to show in Auth tests (the Overview's "Run the test"). */
  authTest = $state<string | undefined>();
  /** A server to check in the TLS check (an auth test that failed in the handshake, an Overview endpoint). */
  tlsTarget = $state<string | undefined>();
  /** A credential to rotate in Credentials (the Overview's "Rotate the credential"). */
  rotateCredential = $state<string | undefined>();

  /** Takes the keystore path (once). */
  takeKeystorePath(): string | undefined {
    const p = this.keystorePath;
    this.keystorePath = undefined;
    return p;
  }

  /** Takes the auth request to compose (once). */
  takeAuthRequest(): { credentialName: string; url: string } | undefined {
    const r = this.authRequest;
    this.authRequest = undefined;
    return r;
  }

  /** Takes the saved auth test's name (once). */
  takeAuthTest(): string | undefined {
    const t = this.authTest;
    this.authTest = undefined;
    return t;
  }

  /** Takes the credential to rotate (once). */
  takeRotateCredential(): string | undefined {
    const n = this.rotateCredential;
    this.rotateCredential = undefined;
    return n;
  }

  /** Takes the TLS target (once). */
  takeTlsTarget(): string | undefined {
    const t = this.tlsTarget;
    this.tlsTarget = undefined;
    return t;
  }
}

export const handoff = new Handoff();
