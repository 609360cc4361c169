import { AUTH_TIMEOUT, type AuthTestInput, type SavedAuthTest } from '../../../../shared/contract/auth.js';
import type { TlsClientCertInput } from '../../../../shared/contract/tls.js';
import { CREDENTIAL_KINDS, type CredentialField, type CredentialKind } from '../../../../shared/credential-kinds.js';
import type { AuthSpec, RequestBody, RequestSpec } from '../../../../shared/http-request.js';
import { TrustChoice } from '../tls/trust-choice.svelte.js';

/** The kinds a call can authenticate with (a client certificate and a keystore password are not HTTP schemes). */
export type AuthScheme = Exclude<CredentialKind, 'client-certificate' | 'keystore-password'> | 'none';
export const AUTH_SCHEMES: readonly AuthScheme[] = ['none', ...(Object.keys(CREDENTIAL_KINDS) as CredentialKind[]).filter((k): k is Exclude<AuthScheme, 'none'> => k !== 'client-certificate' && k !== 'keystore-password')];

export type BodyType = RequestBody['type'];
export interface Pair {
  name: string;
  value: string;
}

/** The fields of a scheme as the inline form generates them (none for `none`). */
export function schemeFields(scheme: AuthScheme): readonly CredentialField[] {
  return scheme === 'none' ? [] : CREDENTIAL_KINDS[scheme].fields;
}

/** A scheme's label for the picker. */
export function schemeLabel(scheme: AuthScheme): string {
  return scheme === 'none' ? 'No credential' : CREDENTIAL_KINDS[scheme].label;
}

/**
 * The request form's one state, as the person typed it: request, credential (a vault one by name or a
 * one-off inline one), trust, client certificate, proxy and the call's options. `input()` is what
 * `auth.test` takes; `saved()` what `auth.saveTest` keeps (never a secret).
 */
export class AuthForm {
  method = $state('GET');
  url = $state('');
  headers = $state<Pair[]>([]);
  bodyType = $state<BodyType>('none');
  bodyText = $state('');
  bodyFields = $state<Pair[]>([]);
  bodyPath = $state('');
  contentType = $state('');
  credMode = $state<'vault' | 'inline'>('vault');
  credentialName = $state('');
  scheme = $state<AuthScheme>('basic');
  values = $state<Record<string, string>>({});
  keep = $state<Record<string, boolean>>({});
  timeoutMs = $state<number>(AUTH_TIMEOUT.default);
  readonly trust = new TrustChoice();
  clientCertMode = $state<'none' | 'pfx' | 'pem'>('none');
  pfxPath = $state('');
  pfxPassword = $state('');
  certPath = $state('');
  keyPath = $state('');
  keyPassword = $state('');
  proxyMode = $state<'env' | 'none' | 'url'>('env');
  proxyUrl = $state('');
  followRedirects = $state(true);
  allowPlainHttp = $state(false);

  constructor() {
    this.resetScheme('basic');
  }

  /** Fresh inline values for a scheme: choices and booleans at their default, the rest empty (the default applies). */
  resetScheme(scheme: AuthScheme): void {
    this.scheme = scheme;
    const v: Record<string, string> = {};
    for (const f of schemeFields(scheme)) v[f.name] = f.type === 'choice' || f.type === 'boolean' ? (f.default ?? f.choices?.[0] ?? 'false') : '';
    this.values = v;
    this.keep = Object.fromEntries(schemeFields(scheme).map((f) => [f.name, false]));
  }

  /** The request part, as the contract and the copy commands take it. */
  request(): RequestSpec {
    const headers = this.headers.filter((h) => h.name.trim() !== '').map((h) => ({ name: h.name.trim(), value: h.value }));
    return { method: this.method.trim().toUpperCase() || 'GET', url: this.url.trim(), headers, body: this.body() };
  }

  private body(): RequestBody {
    const ct = this.contentType.trim() ? { contentType: this.contentType.trim() } : {};
    switch (this.bodyType) {
      case 'none':
        return { type: 'none' };
      case 'json':
        return { type: 'json', text: this.bodyText };
      case 'form':
        return { type: 'form', fields: this.bodyFields.filter((f) => f.name !== '' || f.value !== '').map((f) => ({ ...f })) };
      case 'raw':
        return { type: 'raw', text: this.bodyText, ...ct };
      case 'file':
        return { type: 'file', path: this.bodyPath.trim(), ...ct };
      default: {
        const never: never = this.bodyType;
        return never;
      }
    }
  }

  private credential(): AuthTestInput['credential'] {
    if (this.credMode === 'vault' && this.credentialName) return { name: this.credentialName };
    if (this.credMode === 'vault') return { scheme: 'none', fields: {}, secrets: {}, allowedHosts: [] };
    const fields: Record<string, string> = {};
    const secrets: Record<string, string> = {};
    for (const f of schemeFields(this.scheme)) {
      const v = this.values[f.name] ?? '';
      if (v.trim() === '') continue;
      if (f.secret || this.keep[f.name]) secrets[f.name] = v;
      else fields[f.name] = v;
    }
    return { scheme: this.scheme, fields, secrets, allowedHosts: [] };
  }

  private clientCert(): TlsClientCertInput | undefined {
    switch (this.clientCertMode) {
      case 'none':
        return undefined;
      case 'pfx':
        return { pfxPath: this.pfxPath.trim(), password: this.pfxPassword };
      case 'pem':
        return { certPath: this.certPath.trim(), keyPath: this.keyPath.trim(), ...(this.keyPassword ? { keyPassword: this.keyPassword } : {}) };
      default: {
        const never: never = this.clientCertMode;
        return never;
      }
    }
  }

  private proxy(): string | undefined {
    return this.proxyMode === 'none' ? 'none' : this.proxyMode === 'url' && this.proxyUrl.trim() ? this.proxyUrl.trim() : undefined;
  }

  /** What `auth.test` takes. */
  input(): AuthTestInput {
    const clientCert = this.clientCert();
    const proxy = this.proxy();
    return {
      request: this.request(),
      credential: this.credential(),
      trust: this.trust.input(),
      ...(clientCert ? { clientCert } : {}),
      timeoutMs: Number(this.timeoutMs),
      followRedirects: this.followRedirects,
      allowPlainHttp: this.allowPlainHttp,
      ...(proxy ? { proxy } : {}),
    };
  }

  /** True when the request can be saved as a test: a saved test names a vault credential (or none) and keeps no password. */
  get savable(): { ok: true } | { ok: false; why: string } {
    if (this.credMode === 'inline' && this.scheme !== 'none') return { ok: false, why: 'A saved test uses a credential from the vault: store this one in the vault first (Credentials, Add).' };
    if (this.trust.kind === 'javaTrustStore') return { ok: false, why: 'A saved test keeps no password: trust a CA file, the system store or the bundled roots instead of a Java trust store.' };
    if (this.clientCertMode !== 'none') return { ok: false, why: 'A saved test keeps no client certificate password: test with a client certificate here, without saving.' };
    return { ok: true };
  }

  /** What `auth.saveTest` takes for this form, under `name`. */
  saved(name: string, overwrite: boolean): { name: string; request: RequestSpec; credentialName: string | null; trust: SavedAuthTest['trust']; timeoutMs: number; followRedirects: boolean; allowPlainHttp: boolean; proxy?: string; overwrite: boolean } {
    const trust = this.trust.input();
    const proxy = this.proxy();
    return {
      name: name.trim(),
      request: this.request(),
      credentialName: this.credMode === 'vault' && this.credentialName ? this.credentialName : null,
      trust: trust.kind === 'javaTrustStore' ? { kind: 'bundled' } : trust,
      timeoutMs: Number(this.timeoutMs),
      followRedirects: this.followRedirects,
      allowPlainHttp: this.allowPlainHttp,
      ...(proxy ? { proxy } : {}),
      overwrite,
    };
  }

  /** Fills the request part (a pasted curl command, a saved test). */
  setRequest(r: RequestSpec): void {
    this.method = r.method;
    this.url = r.url;
    this.headers = r.headers.map((h) => ({ ...h }));
    this.bodyType = r.body.type;
    this.bodyText = r.body.type === 'json' || r.body.type === 'raw' ? r.body.text : '';
    this.bodyFields = r.body.type === 'form' ? r.body.fields.map((f) => ({ ...f })) : [];
    this.bodyPath = r.body.type === 'file' ? r.body.path : '';
    this.contentType = (r.body.type === 'raw' || r.body.type === 'file') && r.body.contentType ? r.body.contentType : '';
  }

  /** A one-off credential of this scheme with these non-secret fields (a pasted curl command's). */
  setInline(auth: AuthSpec): void {
    const scheme = auth.scheme === 'client-certificate' || auth.scheme === 'keystore-password' ? 'none' : auth.scheme;
    this.credMode = 'inline';
    this.resetScheme(scheme);
    for (const [k, v] of Object.entries(auth.fields)) if (k in this.values) this.values[k] = v;
  }

  /** Loads a saved test into the form. */
  load(test: SavedAuthTest): void {
    this.setRequest(test.request);
    this.credMode = 'vault';
    this.credentialName = test.credentialName ?? '';
    this.trust.kind = test.trust.kind;
    if (test.trust.kind === 'caFiles') this.trust.caPath = test.trust.paths[0] ?? '';
    this.clientCertMode = 'none';
    this.timeoutMs = test.timeoutMs;
    this.followRedirects = test.followRedirects;
    this.allowPlainHttp = test.allowPlainHttp;
    this.proxyMode = test.proxy === undefined ? 'env' : test.proxy === 'none' ? 'none' : 'url';
    this.proxyUrl = test.proxy && test.proxy !== 'none' ? test.proxy : '';
  }
}
