import { describe, expect, it } from 'vitest';
import { AuthorizationResponseError, OperationProcessingError, UnsupportedOperationError } from 'oauth4webapi';
import {
  errorAdvice,
  OAuthError,
  parseRetryAfter,
  sanitizeDescription,
  sanitizeErrorKey,
  toOAuthError,
  type OAuthErrorCode,
  type OAuthGrant,
} from '../../../src/core/oauth';

describe('toOAuthError', () => {
  it('passes OAuthError through', () => {
    const e = new OAuthError('invalid_grant', { status: 400 });
    expect(toOAuthError(e, { grant: 'refresh_token' })).toBe(e);
  });
  it('maps abort and timeout', () => {
    const abort = new DOMException('aborted', 'AbortError');
    const timeout = new DOMException('timed out', 'TimeoutError');
    expect(toOAuthError(abort, { grant: 'refresh_token' }).code).toBe('outcome_unknown');
    expect(toOAuthError(timeout, { grant: 'authorization_code' }).code).toBe('outcome_unknown');
    expect(toOAuthError(timeout, { grant: 'users_me' }).code).toBe('network');
  });
  it('maps a fetch TypeError by grant', () => {
    expect(toOAuthError(new TypeError('fetch failed'), { grant: 'refresh_token' }).code).toBe('outcome_unknown');
    expect(toOAuthError(new TypeError('fetch failed'), { grant: 'authorization_code' }).code).toBe('network');
    expect(toOAuthError(new TypeError('fetch failed'), { grant: 'client_credentials' }).code).toBe('network');
  });
  it('maps oauth4webapi argument errors to internal_error', () => {
    const e = Object.assign(new TypeError('"refreshToken" must not be empty'), { code: 'ERR_INVALID_ARG_VALUE' });
    expect(toOAuthError(e, { grant: 'refresh_token' }).code).toBe('internal_error');
  });
  it('maps processing errors on a 200 and unsupported operations to invalid_response', () => {
    expect(toOAuthError(new OperationProcessingError('bad', { code: 'OAUTH_INVALID_RESPONSE' }), { grant: 'refresh_token' }).code).toBe(
      'invalid_response',
    );
    expect(toOAuthError(new UnsupportedOperationError('x'), { grant: 'refresh_token' }).code).toBe('invalid_response');
  });
  it('maps an authorization response error', () => {
    const denied = new AuthorizationResponseError('x', { cause: new URLSearchParams({ error: 'access_denied' }) });
    expect(toOAuthError(denied, { grant: 'callback' }).code).toBe('access_denied');
    const other = new AuthorizationResponseError('x', {
      cause: new URLSearchParams({ error: 'invalid_request', error_description: 'code_challenge required' }),
    });
    expect(toOAuthError(other, { grant: 'callback' })).toMatchObject({
      code: 'authorization_error',
      params: { error: 'invalid_request', description: 'code_challenge required' },
    });
  });
  it('maps anything else to internal_error without leaking its message', () => {
    const e = toOAuthError(new Error('secret APP_USR-123'), { grant: 'refresh_token' });
    expect(e.code).toBe('internal_error');
    expect(e.message).not.toContain('APP_USR');
    expect(toOAuthError('string', { grant: 'refresh_token' }).code).toBe('internal_error');
  });
});

describe('OAuthError', () => {
  it('serializes to {code, params} and has a fixed message', () => {
    const e = new OAuthError('local_rate_limited', { retryAfterSeconds: 5 });
    expect(JSON.parse(JSON.stringify(e))).toEqual({ code: 'local_rate_limited', params: { retryAfterSeconds: 5 } });
    expect(e.message).toBe('Too many requests; retry later');
    expect(e).toBeInstanceOf(Error);
  });
});

describe('sanitizing', () => {
  it('error keys', () => {
    expect(sanitizeErrorKey('invalid_grant')).toBe('invalid_grant');
    expect(sanitizeErrorKey('<script>')).toBe('unknown');
    expect(sanitizeErrorKey(undefined)).toBe('unknown');
    expect(sanitizeErrorKey('x'.repeat(65))).toBe('unknown');
  });
  it('descriptions: control characters, credentials, length', () => {
    expect(sanitizeDescription('a\u0000b\r\nc')).toBe('a b c');
    const masked = sanitizeDescription('token APP_USR-1234567890123456-010101-0123456789abcdef0123456789abcdef-241983636 bad');
    expect(masked).toBe('token APP_USR-0123\u20263636 bad');
    expect(sanitizeDescription('secret abcdefghijklmnopqrstuvwxyz012345')).not.toContain('ijklmnop');
    expect(sanitizeDescription('y '.repeat(300)).length).toBeLessThanOrEqual(200);
    expect(sanitizeDescription(5)).toBe('');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2025, 0, 1);
  it('seconds, dates, junk', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 42 ', now)).toBe(42);
    expect(parseRetryAfter(new Date(now + 90_500).toUTCString(), now)).toBe(90);
    expect(parseRetryAfter(new Date(now - 5000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('errorAdvice', () => {
  it('gives grant-specific advice', () => {
    expect(errorAdvice('invalid_grant', 'authorization_code')).toBe('check_redirect_or_code');
    expect(errorAdvice('invalid_grant', 'refresh_token')).toBe('relink');
    expect(errorAdvice('server_error', 'refresh_token')).toBe('retry_later_token_kept');
    expect(errorAdvice('outcome_unknown', 'refresh_token')).toBe('retry_once_deliberately');
    expect(errorAdvice('invalid_request', 'authorization_code')).toBe('check_pkce_setting');
    expect(errorAdvice('authorization_error', 'callback')).toBe('check_pkce_setting');
    expect(errorAdvice('access_denied', 'callback')).toBe('seller_refused');
    expect(errorAdvice('local_rate_limited', 'refresh_token')).toBe('wait_and_retry');
    expect(errorAdvice('invalid_client', 'client_credentials')).toBe('check_client_credentials');
  });
  it('has an answer for every code and grant', () => {
    const codes: OAuthErrorCode[] = [
      'invalid_client', 'invalid_grant', 'invalid_scope', 'invalid_request', 'unsupported_grant_type', 'unauthorized_client',
      'forbidden', 'local_rate_limited', 'state_mismatch', 'state_replayed', 'code_expired', 'access_denied',
      'authorization_error', 'missing_code', 'callback_invalid', 'server_error', 'outcome_unknown', 'network',
      'invalid_response', 'rejected', 'endpoint_invalid', 'endpoint_not_https', 'relink_user_mismatch', 'internal_error',
    ];
    const grants: OAuthGrant[] = ['authorization_code', 'refresh_token', 'client_credentials', 'callback', 'users_me'];
    for (const c of codes) for (const g of grants) expect(typeof errorAdvice(c, g)).toBe('string');
    for (const c of codes) expect(new OAuthError(c).message.length).toBeGreaterThan(0);
  });
});
