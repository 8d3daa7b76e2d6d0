/**
 * The front half of the authorization-code flow: the authorization URL with PKCE and a fresh
 * `state`, and the checks on the redirect that comes back.
 *
 * PKCE material and the state come from oauth4webapi (`generateRandomCodeVerifier`,
 * `calculatePKCECodeChallenge`, `generateRandomState`); the redirect's structure is checked with
 * its `validateAuthResponse`.
 */
import {
  AuthorizationResponseError,
  calculatePKCECodeChallenge,
  generateRandomCodeVerifier,
  generateRandomState,
  skipStateCheck,
  validateAuthResponse,
  type AuthorizationServer,
  type Client,
} from 'oauth4webapi';
import type { AppConfig, PkceMode } from './app-config';
import { parseCustomEndpoint, type Endpoints } from './endpoints';
import { OAuthError, sanitizeDescription, sanitizeErrorKey, type OAuthErrorInfo } from './errors';

/** An authorization code is valid for 10 minutes; a pending flow older than that is rejected. */
export const CODE_TTL_MS = 10 * 60 * 1000;

/** In-flight state of one authorization attempt. Plain JSON (the glue keeps it in the extension's session storage). */
export interface PendingFlow {
  state: string;
  /** PKCE code verifier; `null` when PKCE is off. */
  verifier: string | null;
  appId: string;
  redirectUri: string;
  startedAt: number;
  /** Set when re-linking an existing account: the user id expected back. */
  relinkUserId?: string;
}

/** Sources of randomness; defaults to oauth4webapi's generators (WebCrypto). Injectable for tests. */
export interface FlowRandom {
  codeVerifier(): string;
  state(): string;
}

const DEFAULT_RANDOM: FlowRandom = {
  codeVerifier: generateRandomCodeVerifier,
  state: generateRandomState,
};

/** The `code_challenge` for a verifier: BASE64URL(SHA-256(verifier)) for S256, the verifier for plain. */
export async function pkceChallenge(verifier: string, method: Exclude<PkceMode, 'off'>): Promise<string> {
  return method === 'S256' ? calculatePKCECodeChallenge(verifier) : verifier;
}

export interface StartAuthorizationInput {
  app: Pick<AppConfig, 'id' | 'clientId' | 'pkce'>;
  redirectUri: string;
  endpoints: Pick<Endpoints, 'authorization'>;
  now: number;
  relinkUserId?: string;
  random?: FlowRandom;
}

/**
 * Builds the authorization URL and the pending flow to save before launching it:
 * `<authorization>?client_id=…&response_type=code&platform_id=mp&state=…&redirect_uri=…`
 * then `code_challenge` and `code_challenge_method` (S256 or plain; omitted when PKCE is off).
 */
export async function startAuthorization(input: StartAuthorizationInput): Promise<{ url: string; pending: PendingFlow }> {
  const { app, redirectUri, endpoints, now } = input;
  const random = input.random ?? DEFAULT_RANDOM;
  const endpoint = parseCustomEndpoint(endpoints.authorization);
  if (!endpoint.ok) throw new OAuthError(endpoint.code, { endpoint: 'authorization' });
  if (!/^\d{1,32}$/.test(app.clientId)) throw new OAuthError('internal_error', { reason: 'client_id' });

  const state = random.state();
  const verifier = app.pkce === 'off' ? null : random.codeVerifier();

  const url = new URL(endpoint.url);
  url.searchParams.set('client_id', app.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('platform_id', 'mp');
  url.searchParams.set('state', state);
  url.searchParams.set('redirect_uri', redirectUri);
  if (verifier !== null && app.pkce !== 'off') {
    url.searchParams.set('code_challenge', await pkceChallenge(verifier, app.pkce));
    url.searchParams.set('code_challenge_method', app.pkce);
  }

  const pending: PendingFlow = { state, verifier, appId: app.id, redirectUri, startedAt: now };
  if (input.relinkUserId !== undefined) pending.relinkUserId = input.relinkUserId;
  return { url: url.href, pending };
}

/** Type guard for a pending flow read back from storage. */
export function isPendingFlow(x: unknown): x is PendingFlow {
  if (typeof x !== 'object' || x === null) return false;
  const p = x as Record<string, unknown>;
  return (
    typeof p.state === 'string' &&
    p.state.length > 0 &&
    (p.verifier === null || typeof p.verifier === 'string') &&
    typeof p.appId === 'string' &&
    typeof p.redirectUri === 'string' &&
    typeof p.startedAt === 'number' &&
    Number.isFinite(p.startedAt) &&
    (p.relinkUserId === undefined || typeof p.relinkUserId === 'string')
  );
}

/** True once a pending flow can no longer succeed (older than the code's 10 minutes). */
export function isPendingExpired(pending: Pick<PendingFlow, 'startedAt'>, now: number): boolean {
  return now - pending.startedAt > CODE_TTL_MS;
}

export type CallbackResult = { ok: true; code: string } | { ok: false; error: OAuthErrorInfo };

export interface ParseCallbackInput {
  callbackUrl: string;
  pending: PendingFlow;
  now: number;
  /** States already consumed by earlier flows. */
  usedStates: readonly string[];
}

function fail(code: OAuthErrorInfo['code'], params: OAuthErrorInfo['params'] = {}): CallbackResult {
  return { ok: false, error: { code, params } };
}

function sameTarget(a: URL, b: URL): boolean {
  return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
}

/**
 * Checks the redirect back from the authorization page, in this order:
 * 1. a URL that is not the pending redirect URI, or with repeated/implicit-flow parameters → `callback_invalid`
 * 2. a `state` that was already used → `state_replayed`
 * 3. an `error=` without any `state` (nothing to compare; nothing is accepted anyway) → 5.
 * 4. a `state` that is not exactly the pending one (or no state) → `state_mismatch`
 * 5. `error=access_denied` → `access_denied`; any other `error=` → `authorization_error`
 *    (`params.error` and `params.description`, sanitized)
 * 6. more than 10 minutes since the flow started → `code_expired`
 * 7. no `code` → `missing_code`
 */
export function parseCallback(input: ParseCallbackInput): CallbackResult {
  const { pending, now, usedStates } = input;
  let url: URL;
  let expected: URL;
  try {
    url = new URL(input.callbackUrl);
    expected = new URL(pending.redirectUri);
  } catch {
    return fail('callback_invalid');
  }
  if (!sameTarget(url, expected)) return fail('callback_invalid');

  const params = new URLSearchParams(url.searchParams);
  // The issuer of Mercado Pago's authorization responses is not documented; do not compare it.
  params.delete('iss');
  const as: AuthorizationServer = { issuer: expected.origin };
  const client: Client = { client_id: 'mp' };
  let serverError: { error: string; description: string } | null = null;
  try {
    validateAuthResponse(as, client, params, skipStateCheck);
  } catch (e) {
    if (e instanceof AuthorizationResponseError) {
      serverError = { error: sanitizeErrorKey(e.error), description: sanitizeDescription(e.error_description) };
    } else {
      return fail('callback_invalid');
    }
  }

  // validateAuthResponse checks repeated state/error/iss; a repeated code is just as ambiguous.
  if (params.getAll('code').length > 1) return fail('callback_invalid');

  const state = params.get('state');
  if (state !== null && usedStates.includes(state)) return fail('state_replayed');
  if (!(state === null && serverError)) {
    if (state !== pending.state) return fail('state_mismatch');
  }
  if (serverError) {
    if (serverError.error === 'access_denied') return fail('access_denied');
    return fail(
      'authorization_error',
      serverError.description ? { error: serverError.error, description: serverError.description } : { error: serverError.error },
    );
  }
  if (isPendingExpired(pending, now)) return fail('code_expired');
  const code = params.get('code');
  if (!code) return fail('missing_code');
  return { ok: true, code };
}

/**
 * After the code exchange of a re-link: the seller who authorized must be the one being re-linked.
 * Returns `null` when fine (or when this was not a re-link).
 */
export function checkRelinkUser(pending: Pick<PendingFlow, 'relinkUserId'>, userId: string): OAuthErrorInfo | null {
  if (pending.relinkUserId === undefined || pending.relinkUserId === userId) return null;
  return { code: 'relink_user_mismatch', params: {} };
}
