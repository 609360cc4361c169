/**
 * What one section hands to the next when the person follows a link between them (Inspect → "Open in
 * Keystores"): set just before switching, taken once by the section that opens. In memory only.
 */
class Handoff {
  /** A keystore file to open in Keystores. */
  keystorePath = $state<string | undefined>();

  /** Takes the keystore path (once). */
  takeKeystorePath(): string | undefined {
    const p = this.keystorePath;
    this.keystorePath = undefined;
    return p;
  }
}

export const handoff = new Handoff();
