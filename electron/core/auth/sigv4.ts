/**
 * AWS Signature Version 4 through `@smithy/signature-v4`, with the canonical request and the string to
 * sign captured as the library builds them (so what is shown is what was signed, not a re-derivation).
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HeaderBag, HttpRequest, SourceData } from '@smithy/types';

const bytesOf = (d: SourceData): string | Uint8Array => (typeof d === 'string' ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d));

/** Node's crypto in the shape the library asks for (an HMAC when given a secret). */
class Sha256 {
  private readonly h;
  constructor(secret?: SourceData) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret));
  }
  update(data: SourceData): void {
    this.h.update(bytesOf(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
}

/** A signer that keeps the texts it signs. */
class CapturingSigner extends SignatureV4 {
  canonicalRequest = '';
  stringToSign = '';
  protected override createCanonicalRequest(request: HttpRequest, canonicalHeaders: HeaderBag, payloadHash: string): string {
    this.canonicalRequest = super.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    return this.canonicalRequest;
  }
  protected override async createStringToSign(longDate: string, credentialScope: string, canonicalRequest: string, algorithmIdentifier: string): Promise<string> {
    this.stringToSign = await super.createStringToSign(longDate, credentialScope, canonicalRequest, algorithmIdentifier);
    return this.stringToSign;
  }
}

export interface SigV4Input {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  region: string;
  service: string;
  method: string;
  url: URL;
  headers: ReadonlyArray<{ name: string; value: string }>;
  body: Buffer;
  date: Date;
  /** Adds x-amz-content-sha256 (S3 needs it; default on). */
  contentSha256?: boolean;
}

export interface SigV4Output {
  /** Every header the signed request carries (host, x-amz-date, … authorization). */
  headers: Array<{ name: string; value: string }>;
  canonicalRequest: string;
  stringToSign: string;
  signedHeaders: string[];
}

/** Signs one request; the URL's path is taken as sent (S3 paths are not escaped again, as AWS specifies). */
export async function signSigV4(input: SigV4Input): Promise<SigV4Output> {
  const signer = new CapturingSigner({
    credentials: { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey, ...(input.sessionToken ? { sessionToken: input.sessionToken } : {}) },
    region: input.region,
    service: input.service,
    sha256: Sha256,
    applyChecksum: input.contentSha256 ?? true,
    uriEscapePath: input.service !== 's3',
  });
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of input.url.searchParams) {
    const had = query[k];
    query[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  const headers: Record<string, string> = { host: input.url.host };
  for (const h of input.headers) headers[h.name.toLowerCase()] = h.value;
  const signed = await signer.sign(
    {
      method: input.method,
      protocol: input.url.protocol,
      hostname: input.url.hostname,
      ...(input.url.port ? { port: Number(input.url.port) } : {}),
      path: input.url.pathname,
      query,
      headers,
      ...(input.body.length ? { body: input.body } : {}),
    },
    { signingDate: input.date },
  );
  const auth = signed.headers['authorization'] ?? '';
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
  return {
    headers: Object.entries(signed.headers).map(([name, value]) => ({ name, value: String(value) })),
    canonicalRequest: signer.canonicalRequest,
    stringToSign: signer.stringToSign,
    signedHeaders,
  };
}
