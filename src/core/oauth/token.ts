/**
 * Calls to Mercado Pago's `/oauth/token` (authorization code, refresh, client credentials) and
 * `/users/me`, on oauth4webapi, plus validation of Mercado Pago's extra response fields.
 *
 * - Client authentication: `ClientSecretPost` (client_id + client_secret in the body).
 * - Bodies are form-encoded (RFC 6749). If the server answers 415 to a form body (the sandbox's
 *   `json_only` mode), the custom fetch retries once with the same fields as JSON; a 415 means
 *   the request was not processed, so this cannot spend a code or refresh token twice.
 * - Timeout via `signal`; plain http only for loopback (`allowInsecureRequests`).
 * - LIVE/TEST comes from `live_mode`, never from the token prefix.
 */
import {
  allowInsecureRequests,
  authorizationCodeGrantRequest,
  clientCredentialsGrantRequest,
  ClientSecretPost,
  customFetch,
  expectNoState,
  nopkce,
  processAuthorizationCodeResponse,
  processClientCredentialsResponse,
  processRefreshTokenResponse,
  protectedResourceRequest,
  refreshTokenGrantRequest,
  validateAuthResponse,
  type AuthorizationServer,
  type Client,
  type CustomFetchOptions,
  type TokenEndpointRequestOptions,
  type TokenEndpointResponse,
} from 'oauth4webapi';
import { isSiteId, type SiteId } from '../sites';
import { isLoopbackHttp, parseCustomEndpoint, usersMeUrl, type Endpoints } from './endpoints';
import { OAuthError, parseRetryAfter, toOAuthError, TransportFailure, type OAuthGrant } from './errors';

export const DEFAULT_TIMEOUT_MS = 20_000;

/** A validated seller token set (authorization code or refresh grant). */
export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  publicKey: string | null;
  userId: string;
  /** `now + expires_in * 1000` */
  expiresAt: number;
  scope: string;
  liveMode: boolean;
  tokenType: 'bearer';
}

/** A validated application token (client credentials; no refresh token). */
export interface AppTokenSet {
  accessToken: string;
  expiresAt: number;
  scope: string;
  /** From `user_id`, else the digits after the token's last dash; `null` if neither. */
  userId: string | null;
  /** From `live_mode` when the server sends it. */
  liveMode: boolean | null;
  tokenType: 'bearer';
}

export interface TokenCallBase {
  endpoints: Pick<Endpoints, 'token'>;
  clientId: string;
  clientSecret: string;
  fetch: typeof fetch;
  timeoutMs?: number;
  now: number;
}

export interface ExchangeCodeInput extends TokenCallBase {
  code: string;
  redirectUri: string;
  /** The PKCE verifier from the pending flow; `null` when PKCE is off. */
  verifier: string | null;
  /** Ask for sandbox credentials (`test_token=true`). */
  testToken: boolean;
}

export interface RefreshTokensInput extends TokenCallBase {
  refreshToken: string;
  /**
   * What is known about the account. Mercado Pago's documented refresh response omits `user_id`
   * and `live_mode`; they are then taken from here. A different `user_id` is `invalid_response`.
   */
  previous?: { userId: string; liveMode: boolean };
}

// ---------------------------------------------------------------------------------------------
// Transport: timeout signal, JSON fallback on 415, classification of fetch failures.

function formToJson(body: URLSearchParams): string {
  const o: Record<string, string> = {};
  for (const [k, v] of body) o[k] = v;
  return JSON.stringify(o);
}

/**
 * Wraps the injected fetch for oauth4webapi's `[customFetch]`:
 * a rejected fetch becomes a `TransportFailure` ('timeout' when our signal fired, else 'network'),
 * and a 415 to a form body is retried once as JSON.
 */
export function mpTokenFetch(f: typeof fetch) {
  const send = async (url: string, init: RequestInit): Promise<Response> => {
    try {
      return await f(url, init);
    } catch (cause) {
      throw new TransportFailure(init.signal?.aborted ? 'timeout' : 'network', { cause });
    }
  };
  return async (url: string, options: CustomFetchOptions<string, unknown>): Promise<Response> => {
    const init = options as unknown as RequestInit;
    const first = await send(url, init);
    if (first.status !== 415 || !(options.body instanceof URLSearchParams)) return first;
    await first.body?.cancel().catch(() => undefined);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(options.headers)) {
      if (k.toLowerCase() !== 'content-type') headers[k] = v;
    }
    headers['content-type'] = 'application/json';
    return send(url, { ...init, headers, body: formToJson(options.body) });
  };
}

function requestOptions(tokenUrl: string, base: Pick<TokenCallBase, 'fetch' | 'timeoutMs'>) {
  const options: TokenEndpointRequestOptions = {
    signal: AbortSignal.timeout(base.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    [customFetch]: mpTokenFetch(base.fetch) as TokenEndpointRequestOptions[typeof customFetch],
  };
  if (isLoopbackHttp(tokenUrl)) options[allowInsecureRequests] = true;
  return options;
}

function tokenServer(endpoints: Pick<Endpoints, 'token'>): AuthorizationServer {
  const parsed = parseCustomEndpoint(endpoints.token);
  if (!parsed.ok) throw new OAuthError(parsed.code, { endpoint: 'token' });
  return { issuer: new URL(parsed.url).origin, token_endpoint: parsed.url };
}

// ---------------------------------------------------------------------------------------------
// Validation of Mercado Pago's fields on top of oauth4webapi's checks.

const PRINTABLE_TOKEN = /^[\x21-\x7e]{8,2048}$/;

function invalid(reason: string): OAuthError {
  return new OAuthError('invalid_response', { reason });
}

/** `user_id` as a number or a digit string → string; `undefined` if absent; throws if malformed. */
function readUserId(x: unknown): string | undefined {
  if (x === undefined || x === null) return undefined;
  if (typeof x === 'number' && Number.isSafeInteger(x) && x > 0) return String(x);
  if (typeof x === 'string' && /^\d{1,20}$/.test(x)) return x;
  throw invalid('user_id');
}

/** The seller's user id as encoded after the last dash of an access or refresh token. */
export function userIdFromToken(token: string): string | null {
  const m = /-(\d{4,20})$/.exec(token);
  return m ? (m[1] ?? null) : null;
}

function readCommon(r: TokenEndpointResponse, now: number) {
  if (r.token_type !== 'bearer') throw invalid('token_type');
  if (!PRINTABLE_TOKEN.test(r.access_token)) throw invalid('access_token');
  const expiresIn = r.expires_in;
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) throw invalid('expires_in');
  const scope = r.scope ?? '';
  if (r.live_mode !== undefined && typeof r.live_mode !== 'boolean') throw invalid('live_mode');
  return {
    accessToken: r.access_token,
    expiresAt: now + Math.round(expiresIn * 1000),
    scope,
    tokenType: 'bearer' as const,
    userId: readUserId(r.user_id),
    liveMode: r.live_mode as boolean | undefined,
  };
}

/**
 * Validates a token response of the authorization-code or refresh grant (after oauth4webapi's own
 * checks): `token_type` bearer, `expires_in` > 0, `refresh_token` present, `user_id` number or digit
 * string, `live_mode` boolean, `public_key` string when present.
 */
export function toTokenSet(
  r: TokenEndpointResponse,
  now: number,
  previous?: { userId: string; liveMode: boolean },
): TokenSet {
  const c = readCommon(r, now);
  const refreshToken = r.refresh_token;
  if (typeof refreshToken !== 'string' || !PRINTABLE_TOKEN.test(refreshToken)) throw invalid('refresh_token');
  let publicKey: string | null = null;
  if (r.public_key !== undefined && r.public_key !== null) {
    if (typeof r.public_key !== 'string' || !PRINTABLE_TOKEN.test(r.public_key)) throw invalid('public_key');
    publicKey = r.public_key;
  }
  const userId = c.userId ?? previous?.userId;
  if (userId === undefined) throw invalid('user_id');
  if (previous && userId !== previous.userId) throw invalid('user_id_changed');
  const liveMode = c.liveMode ?? previous?.liveMode;
  if (liveMode === undefined) throw invalid('live_mode');
  return {
    accessToken: c.accessToken,
    refreshToken,
    publicKey,
    userId,
    expiresAt: c.expiresAt,
    scope: c.scope,
    liveMode,
    tokenType: 'bearer',
  };
}

/** Validates a client-credentials response (no refresh token expected). */
export function toAppTokenSet(r: TokenEndpointResponse, now: number): AppTokenSet {
  const c = readCommon(r, now);
  return {
    accessToken: c.accessToken,
    expiresAt: c.expiresAt,
    scope: c.scope,
    userId: c.userId ?? userIdFromToken(c.accessToken),
    liveMode: c.liveMode ?? null,
    tokenType: 'bearer',
  };
}

async function run<T>(grant: OAuthGrant, now: number, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    throw toOAuthError(e, { grant, now });
  }
}

// ---------------------------------------------------------------------------------------------
// Grants

/** `grant_type=authorization_code`, with `code_verifier` when PKCE was used and `test_token=true` for sandbox. */
export function exchangeCode(input: ExchangeCodeInput): Promise<TokenSet> {
  return run('authorization_code', input.now, async () => {
    if (!input.code) throw new OAuthError('missing_code');
    const as = tokenServer(input.endpoints);
    const client: Client = { client_id: input.clientId };
    const options = requestOptions(as.token_endpoint!, input);
    if (input.testToken) options.additionalParameters = { test_token: 'true' };
    // oauth4webapi takes the code from callback parameters it validated itself.
    const callbackParameters = validateAuthResponse(as, client, new URLSearchParams({ code: input.code }), expectNoState);
    const response = await authorizationCodeGrantRequest(
      as,
      client,
      ClientSecretPost(input.clientSecret),
      callbackParameters,
      input.redirectUri,
      input.verifier ?? nopkce,
      options,
    );
    const result = await processAuthorizationCodeResponse(as, client, response);
    return toTokenSet(result, input.now);
  });
}

/** `grant_type=refresh_token`. The response's new refresh token must be stored before anything else. */
export function refreshTokens(input: RefreshTokensInput): Promise<TokenSet> {
  return run('refresh_token', input.now, async () => {
    const as = tokenServer(input.endpoints);
    const client: Client = { client_id: input.clientId };
    const response = await refreshTokenGrantRequest(
      as,
      client,
      ClientSecretPost(input.clientSecret),
      input.refreshToken,
      requestOptions(as.token_endpoint!, input),
    );
    const result = await processRefreshTokenResponse(as, client, response);
    return toTokenSet(result, input.now, input.previous);
  });
}

export interface ClientCredentialsInput extends TokenCallBase {
  /** Ask for a sandbox token (`test_token=true`); the local sandbox honours it. */
  testToken?: boolean;
}

/** `grant_type=client_credentials`: the application's own token (6 hours, no refresh token). */
export function clientCredentials(input: ClientCredentialsInput): Promise<AppTokenSet> {
  return run('client_credentials', input.now, async () => {
    const as = tokenServer(input.endpoints);
    const client: Client = { client_id: input.clientId };
    const response = await clientCredentialsGrantRequest(
      as,
      client,
      ClientSecretPost(input.clientSecret),
      input.testToken ? { test_token: 'true' } : {},
      requestOptions(as.token_endpoint!, input),
    );
    const result = await processClientCredentialsResponse(as, client, response);
    return toAppTokenSet(result, input.now);
  });
}

// ---------------------------------------------------------------------------------------------
// /users/me

export interface UserMe {
  id: string;
  nickname: string;
  /** `null` when the site is not one of the known countries. */
  siteId: SiteId | null;
  email?: string;
}

export interface FetchUserMeInput {
  api: string;
  accessToken: string;
  fetch: typeof fetch;
  timeoutMs?: number;
  now?: number;
}

/** `GET <api>/users/me` with the token in the `Authorization` header only (never in the query). */
export function fetchUserMe(input: FetchUserMeInput): Promise<UserMe> {
  const now = input.now ?? 0;
  return run('users_me', now, async () => {
    const parsed = parseCustomEndpoint(input.api);
    if (!parsed.ok) throw new OAuthError(parsed.code, { endpoint: 'api' });
    const url = new URL(usersMeUrl(parsed.url));
    const headers = new Headers({ accept: 'application/json' });
    const options: Parameters<typeof protectedResourceRequest>[5] = {
      signal: AbortSignal.timeout(input.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      [customFetch]: mpTokenFetch(input.fetch) as NonNullable<Parameters<typeof protectedResourceRequest>[5]>[typeof customFetch],
    };
    if (isLoopbackHttp(url)) options[allowInsecureRequests] = true;
    const response = await protectedResourceRequest(input.accessToken, 'GET', url, headers, undefined, options);
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      if (response.status === 429) {
        const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'), now);
        throw new OAuthError('local_rate_limited', retryAfterSeconds === undefined ? { status: 429 } : { status: 429, retryAfterSeconds });
      }
      if (response.status >= 500) throw new OAuthError('server_error', { status: response.status });
      if (response.status === 401 || response.status === 403) throw new OAuthError('forbidden', { status: response.status });
      throw new OAuthError('rejected', { status: response.status, error: 'unknown' });
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw invalid('json');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('json');
    const b = body as Record<string, unknown>;
    const id = readUserId(b.id);
    if (id === undefined) throw invalid('id');
    if (typeof b.nickname !== 'string' || !b.nickname) throw invalid('nickname');
    const me: UserMe = { id, nickname: b.nickname.slice(0, 200), siteId: isSiteId(b.site_id) ? b.site_id : null };
    if (typeof b.email === 'string' && b.email) me.email = b.email.slice(0, 320);
    return me;
  });
}
