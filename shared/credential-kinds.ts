/**
 * The one vocabulary of credential kinds and their fields (PRODUCT.md, "Schemes and their fields"):
 * the vault stores by it, the auth calls read it, the UI generates each kind's form from it and the CLI
 * checks `--field` / `--secret-env` against it. Plain data (no zod) so the renderer and the CLI's
 * start-up can read it for free; the contract builds its schemas from it.
 */

/** How a field is entered and checked. */
export type FieldType = 'text' | 'url' | 'path' | 'port' | 'choice' | 'boolean' | 'list';

export interface CredentialField {
  /** The field's name, exactly as PRODUCT.md spells it (and `--field name=value` on the CLI). */
  readonly name: string;
  readonly label: string;
  /** Secret fields live in the OS keychain only; never in the data folder, a log or the renderer. */
  readonly secret: boolean;
  readonly required: boolean;
  readonly type: FieldType;
  /** The value used when the field is left empty. */
  readonly default?: string;
  readonly choices?: readonly string[];
  readonly help?: string;
}

export interface CredentialKindDef {
  readonly label: string;
  /** One line saying what the kind is for. */
  readonly summary: string;
  readonly fields: readonly CredentialField[];
}

const text = (name: string, label: string, extra: Partial<CredentialField> = {}): CredentialField => ({ name, label, secret: false, required: true, type: 'text', ...extra });
const secret = (name: string, label: string, extra: Partial<CredentialField> = {}): CredentialField => ({ name, label, secret: true, required: true, type: 'text', ...extra });
const optional = (field: CredentialField): CredentialField => ({ ...field, required: false });

/** Every credential kind, in the order the UI offers them. `none` is an auth scheme, not a credential. */
export const CREDENTIAL_KINDS = {
  basic: {
    label: 'Basic',
    summary: 'A user name and password, sent as HTTP Basic.',
    fields: [text('user', 'User name'), secret('password', 'Password')],
  },
  'api-key': {
    label: 'API key',
    summary: 'One key, sent in a header or a query parameter.',
    fields: [
      text('name', 'Header or parameter name', { required: false, default: 'X-API-Key' }),
      text('in', 'Sent in', { required: false, type: 'choice', choices: ['header', 'query'], default: 'header' }),
      secret('value', 'Key'),
    ],
  },
  'api-key-and-secret': {
    label: 'API key and secret',
    summary: 'A key and secret pair, sent as Basic key:secret.',
    fields: [secret('key', 'Key'), secret('secret', 'Secret')],
  },
  bearer: {
    label: 'Bearer token',
    summary: 'A token sent as Authorization: Bearer.',
    fields: [secret('token', 'Token')],
  },
  'url-token': {
    label: 'Token in the URL',
    summary: 'A token carried in the query string (least secure; for callers that cannot set headers).',
    fields: [text('param', 'Parameter name', { required: false, default: 'token' }), secret('token', 'Token')],
  },
  digest: {
    label: 'Digest',
    summary: 'HTTP Digest (RFC 7616); algorithm and qop come from the server.',
    fields: [text('user', 'User name'), secret('password', 'Password')],
  },
  'hmac-header': {
    label: 'HMAC (header)',
    summary: 'Authorization: hmac token:signature over the Date header (or the listed headers).',
    fields: [
      secret('token', 'Token'),
      secret('secret', 'Shared secret'),
      text('headers', 'Signed headers', { required: false, type: 'list', default: 'date', help: 'Comma list, in signing order' }),
      text('tokenSeparator', 'Token/signature separator', { required: false, default: ':' }),
    ],
  },
  'hmac-body': {
    label: 'HMAC (body)',
    summary: 'Authorization: hmac token:signature over method, Content-MD5, type, date and path.',
    fields: [secret('token', 'Token'), secret('secret', 'Shared secret'), text('tokenSeparator', 'Token/signature separator', { required: false, default: ':' })],
  },
  'aws-sigv4': {
    label: 'AWS Signature v4',
    summary: 'An AWS access key, signed per request with SigV4.',
    fields: [
      text('accessKeyId', 'Access key ID'),
      secret('secretAccessKey', 'Secret access key'),
      optional(secret('sessionToken', 'Session token')),
      text('region', 'Region', { help: 'e.g. eu-central-1' }),
      text('service', 'Service', { help: 'e.g. execute-api, s3' }),
    ],
  },
  'oauth2-client-credentials': {
    label: 'OAuth 2.0 client credentials',
    summary: 'A client ID and secret exchanged at the token URL for an access token.',
    fields: [
      text('tokenUrl', 'Token URL', { type: 'url' }),
      text('clientId', 'Client ID'),
      secret('clientSecret', 'Client secret'),
      text('scope', 'Scope', { required: false }),
      text('audience', 'Audience', { required: false }),
      text('clientAuth', 'Client authentication', { required: false, type: 'choice', choices: ['basic', 'body'], default: 'basic' }),
    ],
  },
  'oauth2-authorization-code': {
    label: 'OAuth 2.0 authorization code',
    summary: 'Sign in through the browser (PKCE, loopback redirect); the refresh token is kept.',
    fields: [
      text('authUrl', 'Authorization URL', { type: 'url' }),
      text('tokenUrl', 'Token URL', { type: 'url' }),
      text('clientId', 'Client ID'),
      optional(secret('clientSecret', 'Client secret')),
      text('scope', 'Scope', { required: false }),
      text('redirectPort', 'Redirect port', { required: false, type: 'port', help: 'Empty: any free port' }),
      text('pkce', 'PKCE', { required: false, type: 'boolean', default: 'true' }),
    ],
  },
  'api-token-exchange': {
    label: 'API token exchange',
    summary: 'A long-lived API token exchanged for a short-lived access token.',
    fields: [
      text('exchangeUrl', 'Exchange URL', { type: 'url' }),
      secret('apiToken', 'API token'),
      text('tokenField', 'Token field in the response', { required: false, help: 'Empty: found among common names' }),
      text('expiryField', 'Expiry field in the response', { required: false }),
    ],
  },
  'client-certificate': {
    label: 'Client certificate',
    summary: 'A .pfx for mutual TLS, and its password.',
    fields: [text('pfxPath', 'PFX file', { type: 'path' }), secret('password', 'Password')],
  },
  'keystore-password': {
    label: 'Keystore password',
    summary: 'A keystore and its password: the Keystores screen and the CLI open it without asking.',
    fields: [text('keystorePath', 'Keystore file', { type: 'path' }), secret('password', 'Password')],
  },
} as const satisfies Record<string, CredentialKindDef>;

export type CredentialKind = keyof typeof CREDENTIAL_KINDS;

/** The kinds as a list, in the UI's order. */
export const CREDENTIAL_KIND_NAMES = Object.keys(CREDENTIAL_KINDS) as [CredentialKind, ...CredentialKind[]];

/** True for a known kind name (guards against prototype keys). */
export function isCredentialKind(name: unknown): name is CredentialKind {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(CREDENTIAL_KINDS, name);
}

/** The field definition of one kind's field, or undefined. */
export function kindField(kind: CredentialKind, name: string): CredentialField | undefined {
  return (CREDENTIAL_KINDS[kind].fields as readonly CredentialField[]).find((f) => f.name === name);
}

/** A credential older than this many days (or with a longer lifetime) earns a lifetime warning. */
export const LONG_LIFETIME_DAYS = 90;
