/**
 * OAuth errors as values with stable codes.
 *
 * Nothing secret ever goes into an `OAuthError`: messages are fixed English sentences for logs,
 * `params` hold only numbers, error keys and sanitized server descriptions (anything that looks
 * like a credential is masked).
 */
import {
  AuthorizationResponseError,
  HTTP_REQUEST_FORBIDDEN,
  OperationProcessingError,
  REQUEST_PROTOCOL_FORBIDDEN,
  ResponseBodyError,
  UnsupportedOperationError,
  WWWAuthenticateChallengeError,
} from 'oauth4webapi';
import { maskSecret } from '../mask';

/** The error keys Mercado Pago's `/oauth/token` answers with. */
export const MP_ERROR_KEYS = [
  'invalid_client',
  'invalid_grant',
  'invalid_scope',
  'invalid_request',
  'unsupported_grant_type',
  'unauthorized_client',
  'forbidden',
  'local_rate_limited',
] as const;
export type MpErrorKey = (typeof MP_ERROR_KEYS)[number];

/** Problems detected while handling the redirect back from the authorization page. */
export const CALLBACK_ERROR_CODES = [
  'state_mismatch',
  'state_replayed',
  'code_expired',
  'access_denied',
  'authorization_error',
  'missing_code',
  'callback_invalid',
] as const;
export type CallbackErrorCode = (typeof CALLBACK_ERROR_CODES)[number];

export type OAuthErrorCode =
  | MpErrorKey
  | CallbackErrorCode
  /** 5xx: the server answered, the request was not processed successfully (keep the old token). */
  | 'server_error'
  /** Timeout/abort/dropped connection after the request may have reached the server. */
  | 'outcome_unknown'
  /** Could not connect at all (only reported where it cannot be confused with outcome_unknown). */
  | 'network'
  /** Malformed JSON, missing or ill-typed fields, wrong token_type. */
  | 'invalid_response'
  /** A 4xx error with a key this extension does not know (`params.error`, `params.status`). */
  | 'rejected'
  /** A custom endpoint is not a well-formed URL. */
  | 'endpoint_invalid'
  /** A custom endpoint is plain http and not loopback. */
  | 'endpoint_not_https'
  /** A re-link authorized a different seller than the account being re-linked. */
  | 'relink_user_mismatch'
  /** The authorization page answered with an error status (400: Redirect URL not registered, unknown client id). */
  | 'auth_page_refused'
  /** The authorization page could not be reached at all (no connection). */
  | 'auth_page_unreachable'
  /** The browser could not load the authorization page, and a second look found nothing wrong. */
  | 'auth_page_failed'
  /** The user closed the authorization window before the seller finished. */
  | 'flow_cancelled'
  /** The authorization did not come back within the code's 10 minutes (or the page load timed out). */
  | 'flow_timed_out'
  /** The browser could not open a window for the authorization page. */
  | 'flow_window_failed'
  /** The extension's background stopped while a refresh was waiting for its answer. */
  | 'refresh_interrupted'
  /** A programming error (bad argument); never caused by the server. */
  | 'internal_error';

/** Which operation an error came from; advice depends on it. */
export type OAuthGrant = 'authorization_code' | 'refresh_token' | 'client_credentials' | 'callback' | 'users_me';

export type OAuthErrorParams = Readonly<Record<string, string | number | boolean>>;

/** The plain-JSON form that crosses the message protocol. */
export interface OAuthErrorInfo {
  code: OAuthErrorCode;
  params: OAuthErrorParams;
}

const MESSAGES: Record<OAuthErrorCode, string> = {
  invalid_client: 'The client credentials were rejected',
  invalid_grant: 'The authorization code or refresh token was rejected',
  invalid_scope: 'The requested scope was rejected',
  invalid_request: 'The request was rejected as malformed',
  unsupported_grant_type: 'The grant type is not supported for this application',
  unauthorized_client: 'The application is not authorized for this grant',
  forbidden: 'The request was forbidden',
  local_rate_limited: 'Too many requests; retry later',
  state_mismatch: 'The state in the redirect does not match the pending flow',
  state_replayed: 'The state in the redirect was already used',
  code_expired: 'The authorization took longer than 10 minutes',
  access_denied: 'The seller refused the authorization',
  authorization_error: 'The authorization server returned an error',
  missing_code: 'The redirect carries no authorization code',
  callback_invalid: 'The redirect URL is not the expected one',
  server_error: 'The server failed to process the request',
  outcome_unknown: 'No answer arrived; the request may have been processed',
  network: 'Could not reach the server',
  invalid_response: 'The server answered with an invalid response',
  rejected: 'The server rejected the request',
  endpoint_invalid: 'The endpoint is not a valid URL',
  endpoint_not_https: 'The endpoint must use https (or http on loopback)',
  relink_user_mismatch: 'A different seller authorized than the one being re-linked',
  auth_page_refused: 'The authorization page answered with an error status',
  auth_page_unreachable: 'The authorization page could not be reached',
  auth_page_failed: 'The authorization page could not be loaded',
  flow_cancelled: 'The authorization window was closed before the seller finished',
  flow_timed_out: 'The authorization did not come back in time',
  flow_window_failed: 'The browser could not open the authorization window',
  refresh_interrupted: 'The background stopped while a refresh was in flight',
  internal_error: 'Internal error',
};

export class OAuthError extends Error {
  readonly code: OAuthErrorCode;
  readonly params: OAuthErrorParams;
  constructor(code: OAuthErrorCode, params: OAuthErrorParams = {}, options?: { cause?: unknown }) {
    super(MESSAGES[code], options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OAuthError';
    this.code = code;
    this.params = Object.freeze({ ...params });
  }
  toJSON(): OAuthErrorInfo {
    return { code: this.code, params: this.params };
  }
}

export function isOAuthError(e: unknown): e is OAuthError {
  return e instanceof OAuthError;
}

export function isMpErrorKey(x: unknown): x is MpErrorKey {
  return typeof x === 'string' && (MP_ERROR_KEYS as readonly string[]).includes(x);
}

// ---------------------------------------------------------------------------------------------
// Sanitizing what the server says before it reaches params (and later, the UI).

const CREDENTIAL_LIKE = /\b(?:APP_USR|TEST|TG)-[A-Za-z0-9_-]{4,}|[A-Za-z0-9_-]{24,}/g;

/** An error key from a server: short identifier characters only, else `'unknown'`. */
export function sanitizeErrorKey(x: unknown): string {
  return typeof x === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(x) ? x : 'unknown';
}

/**
 * A server's human description: control characters removed, credential-looking runs masked,
 * cut to 200 characters. Returns `''` for non-strings.
 */
export function sanitizeDescription(x: unknown): string {
  if (typeof x !== 'string') return '';
  const cleaned = x
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(CREDENTIAL_LIKE, (m) => maskSecret(m))
    .trim();
  return cleaned.length > 200 ? `${cleaned.slice(0, 199)}\u2026` : cleaned;
}

// ---------------------------------------------------------------------------------------------
// Transport failures, classified inside our custom fetch.

/** Thrown by the custom fetch wrapper when the injected fetch rejects. Internal to core/oauth. */
export class TransportFailure extends Error {
  readonly kind: 'timeout' | 'network';
  constructor(kind: 'timeout' | 'network', options?: { cause?: unknown }) {
    super(kind === 'timeout' ? 'request timed out or was aborted' : 'request failed to connect or was dropped', options);
    this.name = 'TransportFailure';
    this.kind = kind;
  }
}

// ---------------------------------------------------------------------------------------------
// Retry-After

/** Seconds to wait from a Retry-After header (delta-seconds or HTTP date); `undefined` if absent/invalid. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (/^\d{1,10}$/.test(v)) return Number(v);
  // HTTP-date, e.g. "Wed, 21 Oct 2015 07:28:00 GMT" (Date.parse alone would accept "-1" as a year).
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

// ---------------------------------------------------------------------------------------------
// Mapping anything thrown during an OAuth operation to an OAuthError.

function statusParams(status: number, extra: Record<string, string | number> = {}): Record<string, string | number> {
  return { status, ...extra };
}

function responseOf(e: unknown): Response | undefined {
  if (e instanceof ResponseBodyError || e instanceof WWWAuthenticateChallengeError) return e.response;
  if (e instanceof OperationProcessingError && e.cause instanceof Response) return e.cause;
  return undefined;
}

function fromHttpStatus(status: number, response: Response | undefined, now: number): OAuthError | undefined {
  if (status === 429) {
    const retryAfterSeconds = parseRetryAfter(response?.headers.get('retry-after'), now);
    return new OAuthError(
      'local_rate_limited',
      retryAfterSeconds === undefined ? { status } : { status, retryAfterSeconds },
    );
  }
  if (status >= 500 && status <= 599) return new OAuthError('server_error', { status });
  return undefined;
}

function fromErrorKey(key: unknown, description: unknown, status: number): OAuthError {
  const k = sanitizeErrorKey(key);
  const desc = sanitizeDescription(description);
  const params: Record<string, string | number> = statusParams(status);
  if (desc) params.description = desc;
  if (isMpErrorKey(k)) return new OAuthError(k, params);
  // Some Mercado Pago errors carry their key in `message`; accept it there too.
  return new OAuthError('rejected', { ...params, error: k });
}

function fromStatusOnly(status: number): OAuthError {
  if (status === 400) return new OAuthError('invalid_request', { status });
  if (status === 401) return new OAuthError('invalid_client', { status });
  if (status === 403) return new OAuthError('forbidden', { status });
  if (status >= 400 && status <= 499) return new OAuthError('rejected', { status, error: 'unknown' });
  // 1xx/2xx/3xx (e.g. a redirect with redirect:'manual', status 0) are not a token response.
  return new OAuthError('invalid_response', { status, reason: 'unexpected_status' });
}

function isAbortLike(e: unknown): boolean {
  return (
    typeof e === 'object' &&
    e !== null &&
    'name' in e &&
    ((e as { name: unknown }).name === 'AbortError' || (e as { name: unknown }).name === 'TimeoutError')
  );
}

/**
 * Maps whatever an OAuth operation threw to an `OAuthError`.
 *
 * - `OAuthError`: returned as is.
 * - 429 → `local_rate_limited` (+ `retryAfterSeconds`); 5xx → `server_error`.
 * - oauth4webapi `ResponseBodyError` → the Mercado Pago key (`invalid_grant`, …) or `rejected`.
 * - `WWWAuthenticateChallengeError` → the challenge's `error` if known, else `invalid_client`.
 * - other non-200 answers → by status (400 `invalid_request`, 401 `invalid_client`, 403 `forbidden`).
 * - `OperationProcessingError` on a 200 / `UnsupportedOperationError` (token_type) → `invalid_response`.
 * - timeout/abort → `outcome_unknown` (or `network` for the idempotent `users_me` GET).
 * - failed connection (fetch `TypeError`) → `network`, except for refresh where a dropped connection
 *   cannot be told apart from one that reached the server: `outcome_unknown`.
 */
export function toOAuthError(e: unknown, ctx: { grant: OAuthGrant; now?: number }): OAuthError {
  const now = ctx.now ?? 0;
  if (e instanceof OAuthError) return e;

  if (e instanceof TransportFailure) {
    if (ctx.grant === 'users_me') return new OAuthError('network', { reason: e.kind });
    if (e.kind === 'timeout') return new OAuthError('outcome_unknown', { reason: 'timeout' });
    return new OAuthError(ctx.grant === 'refresh_token' ? 'outcome_unknown' : 'network', { reason: 'network' });
  }

  if (e instanceof ResponseBodyError) {
    const byStatus = fromHttpStatus(e.status, e.response, now);
    if (byStatus) return byStatus;
    const body = e.cause;
    const key = isMpErrorKey(body.error) ? body.error : isMpErrorKey(body.message) ? body.message : e.error;
    // Mercado Pago often explains in `message` rather than `error_description`.
    const description = e.error_description ?? (body.message !== key ? body.message : undefined);
    return fromErrorKey(key, description, e.status);
  }

  if (e instanceof WWWAuthenticateChallengeError) {
    const byStatus = fromHttpStatus(e.status, e.response, now);
    if (byStatus) return byStatus;
    // On /users/me a challenge means the access token itself was not accepted.
    if (ctx.grant === 'users_me') return new OAuthError('forbidden', { status: e.status });
    const key = e.cause.map((c) => c.parameters.error).find((k) => isMpErrorKey(k));
    if (key) return fromErrorKey(key, undefined, e.status);
    if (e.status === 403) return new OAuthError('forbidden', { status: e.status });
    return new OAuthError('invalid_client', { status: e.status });
  }

  if (e instanceof AuthorizationResponseError) {
    const key = sanitizeErrorKey(e.error);
    if (key === 'access_denied') return new OAuthError('access_denied', {});
    const desc = sanitizeDescription(e.error_description);
    return new OAuthError('authorization_error', desc ? { error: key, description: desc } : { error: key });
  }

  if (e instanceof OperationProcessingError) {
    if (e.code === HTTP_REQUEST_FORBIDDEN) return new OAuthError('endpoint_not_https', {});
    if (e.code === REQUEST_PROTOCOL_FORBIDDEN) return new OAuthError('endpoint_invalid', {});
    // The body stream failed while being read (timeout or dropped connection after the headers):
    // the server did answer, so the request may well have been processed.
    if (isAbortLike(e.cause) || e.cause instanceof TypeError) {
      return toOAuthError(new TransportFailure(isAbortLike(e.cause) ? 'timeout' : 'network'), ctx);
    }
    const response = responseOf(e);
    if (response && response.status !== 200) {
      return fromHttpStatus(response.status, response, now) ?? fromStatusOnly(response.status);
    }
    return new OAuthError('invalid_response', { reason: 'malformed' });
  }

  if (e instanceof UnsupportedOperationError) {
    return new OAuthError('invalid_response', { reason: 'unsupported' });
  }

  if (isAbortLike(e)) {
    return ctx.grant === 'users_me'
      ? new OAuthError('network', { reason: 'timeout' })
      : new OAuthError('outcome_unknown', { reason: 'timeout' });
  }

  if (e instanceof TypeError) {
    const code = (e as TypeError & { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_INVALID_ARG')) {
      return new OAuthError('internal_error', { reason: 'invalid_argument' });
    }
    // fetch() rejects with a TypeError when the connection fails or drops.
    if (ctx.grant === 'users_me') return new OAuthError('network', { reason: 'network' });
    return new OAuthError(ctx.grant === 'refresh_token' ? 'outcome_unknown' : 'network', { reason: 'network' });
  }

  return new OAuthError('internal_error', {});
}

// ---------------------------------------------------------------------------------------------
// Advice: a stable id the UI turns into a localized "what to do next".

export type AdviceId =
  | 'check_client_credentials'
  | 'check_redirect_or_code'
  | 'relink'
  | 'check_app_scopes'
  | 'check_pkce_setting'
  | 'check_request'
  | 'check_app_settings'
  | 'check_app_permissions'
  | 'wait_and_retry'
  | 'retry_later_token_kept'
  | 'retry_later'
  | 'retry_once_deliberately'
  | 'link_again'
  | 'check_connection'
  | 'check_endpoint'
  | 'seller_refused'
  | 'check_custom_endpoints'
  | 'relink_same_seller'
  | 'report_bug'
  | 'check_redirect_client'
  | 'check_redirect_client_endpoint'
  | 'check_custom_authorization'
  | 'check_connection_and_endpoints'
  | 'link_again_nothing_saved'
  | 'link_again_in_time'
  | 'link_again_let_finish'
  | 'retry_once_after_rotation';

/** What advice may depend on besides the error: only what the application's configuration says. */
export interface AdviceContext {
  /** The application has at least one custom endpoint (advice may then point at them). */
  customEndpoints?: boolean;
  /** The application has a custom authorization URL. */
  customAuthorization?: boolean;
}

/**
 * What the developer should check or do next, for an error code in a given operation.
 * E.g. `invalid_grant` on the code exchange → `check_redirect_or_code` (redirect URL mismatch,
 * code expired or already used); on refresh → `relink` (revoked, 180 days passed, or an earlier
 * answer lost after Mercado Pago had rotated the token). Custom endpoints are only ever mentioned
 * when the application has some (`ctx`).
 */
export function errorAdvice(code: OAuthErrorCode, grant: OAuthGrant, ctx: AdviceContext = {}): AdviceId {
  const custom = !!(ctx.customEndpoints || ctx.customAuthorization);
  switch (code) {
    case 'auth_page_refused':
      return ctx.customAuthorization ? 'check_redirect_client_endpoint' : 'check_redirect_client';
    case 'auth_page_unreachable':
      return ctx.customAuthorization ? 'check_custom_authorization' : 'check_connection';
    case 'auth_page_failed':
      return ctx.customAuthorization ? 'check_redirect_client_endpoint' : 'check_redirect_client';
    case 'flow_cancelled':
      return 'link_again_let_finish';
    case 'flow_timed_out':
      return 'link_again_in_time';
    case 'flow_window_failed':
      return 'link_again';
    case 'refresh_interrupted':
      return 'retry_once_deliberately';
    case 'invalid_client':
      return 'check_client_credentials';
    case 'invalid_grant':
      if (grant === 'authorization_code') return 'check_redirect_or_code';
      if (grant === 'refresh_token') return 'relink';
      return 'check_client_credentials';
    case 'invalid_scope':
      return 'check_app_scopes';
    case 'invalid_request':
      return grant === 'authorization_code' ? 'check_pkce_setting' : 'check_request';
    case 'unsupported_grant_type':
    case 'unauthorized_client':
    case 'rejected':
      return 'check_app_settings';
    case 'forbidden':
      return grant === 'users_me' ? 'relink' : 'check_app_permissions';
    case 'local_rate_limited':
      return 'wait_and_retry';
    case 'server_error':
      return grant === 'refresh_token' ? 'retry_later_token_kept' : 'retry_later';
    case 'outcome_unknown':
      return grant === 'refresh_token' ? 'retry_once_deliberately' : 'link_again_nothing_saved';
    case 'network':
      return custom ? 'check_connection_and_endpoints' : 'check_connection';
    case 'invalid_response':
      // On a refresh a 200 that cannot be used probably rotated the token: the account is "outcome unknown".
      if (grant === 'refresh_token') return 'retry_once_after_rotation';
      return custom ? 'check_endpoint' : grant === 'authorization_code' ? 'link_again_nothing_saved' : 'retry_later';
    case 'state_mismatch':
    case 'state_replayed':
    case 'code_expired':
    case 'missing_code':
    case 'callback_invalid':
      return 'link_again';
    case 'access_denied':
      return 'seller_refused';
    case 'authorization_error':
      return 'check_pkce_setting';
    case 'endpoint_invalid':
    case 'endpoint_not_https':
      return 'check_custom_endpoints';
    case 'relink_user_mismatch':
      return 'relink_same_seller';
    case 'internal_error':
      return 'report_bug';
  }
}
