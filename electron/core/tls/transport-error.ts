/** A failure on the way to the server (before TLS starts), typed so the check can name it. */
export type TransportFailureKind = 'dns' | 'refused' | 'proxy' | 'starttls' | 'network';

/** A failure on the way to the server, with the raw error text kept for the person. */
export class TransportError extends Error {
  constructor(readonly kind: TransportFailureKind, message: string, readonly raw?: string) {
    super(message);
    this.name = 'TransportError';
  }
}
