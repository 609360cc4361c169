import { createHash, randomBytes } from 'node:crypto';
import { booleanField, fingerprint, optionalSecret, paramsField, portField, requiredField, urlField } from './fields.js';
import { postForm, type Trail } from './http.js';
import { TokenError } from './errors.js';
import { openLoopback } from './loopback.js';
import { MASK, maskUrl } from './mask.js';
import { readTokenResponse, type TokenAnswer } from './response.js';
import { scopeField, tokenRequestParts, type TokenRequestParts } from './client-auth.js';
import type { TokenContext, TokenRequest } from './types.js';

const DEFAULT_LOGIN_TIMEOUT_MS = 5 * 60_000;

interface CodeConfig {
  authUrl: URL;
  tokenUrl: URL;
  clientId: string;
  scope: string;
  parts: TokenRequestParts;
  /** Names the refresh token: it belongs to this server, client and scope. */
  refreshFingerprint: string;
}

function config(input: TokenRequest, trail: Trail): CodeConfig {
  const authUrl = urlField(input, 'authUrl', 'The authorization URL');
  const tokenUrl = urlField(input, 'tokenUrl', 'The token URL');
  const clientId = requiredField(input, 'clientId', 'The client ID');
  const clientSecret = optionalSecret(input, 'clientSecret');
  trail.secret(clientSecret);
  const scope = scopeField(input);
  return { authUrl, tokenUrl, clientId, scope, parts: tokenRequestParts(input, trail, clientId, clientSecret), refreshFingerprint: fingerprint([input.kind, authUrl.href, tokenUrl.href, clientId, scope]) };
}

/**
 * The authorization code grant for a person at this machine (RFC 6749 §4.1, RFC 7636 PKCE, RFC 8252
 * loopback redirect): a stored refresh token first; else the browser sign-in. A refresh token the
 * server issues (again) replaces the stored one.
 */
export async function authorizationCode(input: TokenRequest, ctx: TokenContext, trail: Trail): Promise<{ answer: TokenAnswer; refreshed: boolean }> {
  const cfg = config(input, trail);
  const now = (): number => ctx.clock.now().getTime();
  const stored = await readRefreshToken(input, ctx, cfg);
  if (stored !== null) {
    trail.secret(stored);
    const params = cfg.parts.fill(new URLSearchParams({ grant_type: 'refresh_token', refresh_token: stored }));
    if (cfg.scope !== '') params.set('scope', cfg.scope);
    try {
      const res = await postForm(ctx, trail, { what: 'Refresh (stored refresh token)', url: cfg.tokenUrl, params, paramsIn: cfg.parts.paramsIn, headers: cfg.parts.headers });
      const answer = readTokenResponse(res, trail, now());
      await keepRefreshToken(input, ctx, trail, cfg, answer);
      return { answer, refreshed: true };
    } catch (err) {
      // A refused refresh token (expired, revoked, rotated elsewhere) means signing in again.
      if (!(err instanceof TokenError) || err.code !== 'TOKEN_REJECTED' || (err.status !== undefined && err.status >= 500)) throw err;
      const last = trail.steps[trail.steps.length - 1];
      if (last) last.note = `The stored refresh token was refused (${err.serverError ?? `HTTP ${err.status ?? '?'}`}); signing in again in the browser.`;
      await ctx.cache.forget(input.cacheKey).catch(() => undefined);
    }
  }
  const answer = await browserSignIn(input, ctx, trail, cfg);
  await keepRefreshToken(input, ctx, trail, cfg, answer);
  return { answer, refreshed: false };
}

async function browserSignIn(input: TokenRequest, ctx: TokenContext, trail: Trail, cfg: CodeConfig): Promise<TokenAnswer> {
  const pkce = booleanField(input, 'pkce', true);
  const state = randomBytes(24).toString('base64url');
  const verifier = randomBytes(32).toString('base64url');
  trail.secret(verifier);
  const loopback = await openLoopback({ port: portField(input, 'redirectPort'), state, timeoutMs: ctx.loginTimeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS, signal: ctx.signal });
  const started = performance.now();
  const authUrl = new URL(cfg.authUrl.href);
  const q = authUrl.searchParams;
  q.set('response_type', 'code');
  q.set('client_id', cfg.clientId);
  q.set('redirect_uri', loopback.redirectUri);
  if (cfg.scope !== '') q.set('scope', cfg.scope);
  q.set('state', state);
  if (pkce) {
    q.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'));
    q.set('code_challenge_method', 'S256');
  }
  for (const [k, v] of paramsField(input, 'authParams')) q.append(k, v);
  const step = { what: 'Sign-in in the browser', request: { method: 'GET', url: maskUrl(authUrl, trail.secrets), headers: {}, body: '' }, status: 0, ms: 0, note: `Waiting for the browser to come back to ${loopback.redirectUri}.` };
  trail.steps.push(step);
  let code: string;
  try {
    ctx.openExternal.allow(authUrl.href);
    await ctx.openExternal.open(authUrl.href);
    const query = await loopback.wait();
    code = query.get('code') ?? '';
    trail.secret(code);
    step.note = `The browser came back to ${loopback.redirectUri} with an authorization code (code=${MASK}).`;
  } catch (err) {
    loopback.close();
    step.note = err instanceof Error ? err.message : String(err);
    if (err instanceof TokenError) err.steps = trail.steps;
    throw err;
  } finally {
    step.ms = Math.round(performance.now() - started);
  }
  const params = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: loopback.redirectUri });
  if (pkce) params.set('code_verifier', verifier);
  cfg.parts.fill(params);
  const res = await postForm(ctx, trail, { what: 'Token request (authorization code)', url: cfg.tokenUrl, params, paramsIn: cfg.parts.paramsIn, headers: cfg.parts.headers });
  return readTokenResponse(res, trail, ctx.clock.now().getTime());
}

/** The stored refresh token; an unreachable keychain only costs a browser sign-in (noted in the log). */
async function readRefreshToken(input: TokenRequest, ctx: TokenContext, cfg: CodeConfig): Promise<string | null> {
  try {
    return await ctx.cache.getRefreshToken(input.cacheKey, cfg.refreshFingerprint);
  } catch (err) {
    ctx.log.warn(`The stored refresh token could not be read: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
}

/** Stores the refresh token the server gave (a rotated one replaces the old); none given keeps the old. */
async function keepRefreshToken(input: TokenRequest, ctx: TokenContext, trail: Trail, cfg: CodeConfig, answer: TokenAnswer): Promise<void> {
  if (answer.refreshToken === undefined) return;
  try {
    await ctx.cache.setRefreshToken(input.cacheKey, cfg.refreshFingerprint, answer.refreshToken);
  } catch (err) {
    const last = trail.steps[trail.steps.length - 1];
    const why = `The refresh token could not be kept in the keychain (${err instanceof Error ? err.message : String(err)}); the next sign-in will use the browser again.`;
    if (last) last.note = last.note ? `${last.note} ${why}` : why;
    ctx.log.warn(why);
  }
}
