import { describe, expect, it } from 'vitest';
import {
  appTokenRenewAt,
  appTokenStatus,
  autoRefreshAt,
  canRefreshNow,
  canRetryAt,
  FAILED_RETRY_DELAY_MS,
  MIN_AUTO_REFRESH_GAP_MS,
  nextAppTokenRenewAt,
  nextAutoRefreshAt,
  shouldAutoRefresh,
  shouldRenewAppToken,
} from '../../../src/core/tokens';
import { account, DAY, HOUR, MIN, SEC, T0 } from './fixtures';

describe('auto-refresh schedule', () => {
  const exp = T0 + 100 * DAY;
  it('due exactly refreshWithinDays (default 30) before expiry', () => {
    const a = account({ accessExpiresAt: exp });
    expect(autoRefreshAt(a)).toBe(exp - 30 * DAY);
    expect(shouldAutoRefresh(a, exp - 30 * DAY - 1)).toBe(false);
    expect(shouldAutoRefresh(a, exp - 30 * DAY)).toBe(true);
    expect(shouldAutoRefresh(a, exp + DAY)).toBe(true);
    expect(autoRefreshAt(a, { refreshWithinDays: 10 })).toBe(exp - 10 * DAY);
  });
  it('clamps the window to [1, 179] days', () => {
    const a = account({ accessExpiresAt: exp });
    expect(autoRefreshAt(a, { refreshWithinDays: 0 })).toBe(exp - DAY);
    expect(autoRefreshAt(a, { refreshWithinDays: 500 })).toBe(exp - 179 * DAY);
    expect(autoRefreshAt(a, { refreshWithinDays: Number.NaN })).toBe(exp - 30 * DAY);
  });
  it('never for needs_relink or outcome_unknown (no blind retries)', () => {
    expect(autoRefreshAt(account({ state: 'needs_relink', accessExpiresAt: T0 }))).toBeNull();
    expect(autoRefreshAt(account({ state: 'outcome_unknown', accessExpiresAt: T0 }))).toBeNull();
    expect(shouldAutoRefresh(account({ state: 'outcome_unknown', accessExpiresAt: T0 }), T0 + 100 * DAY)).toBe(false);
  });
  it('waits for Retry-After when rate limited (boundary inclusive)', () => {
    const a = account({ state: 'rate_limited', accessExpiresAt: T0 + DAY, lastError: { code: 'local_rate_limited', at: T0, retryAfter: 120 } });
    expect(autoRefreshAt(a)).toBe(T0 + 120 * SEC);
    expect(shouldAutoRefresh(a, T0 + 120 * SEC - 1)).toBe(false);
    expect(shouldAutoRefresh(a, T0 + 120 * SEC)).toBe(true);
    const noHeader = account({ state: 'rate_limited', accessExpiresAt: T0 + DAY, lastError: { code: 'local_rate_limited', at: T0 } });
    expect(autoRefreshAt(noHeader)).toBe(T0 + 60 * SEC);
  });
  it('waits an hour after a failed refresh', () => {
    const a = account({ state: 'refresh_failed', accessExpiresAt: T0 + DAY, lastError: { code: 'server_error', at: T0 } });
    expect(autoRefreshAt(a)).toBe(T0 + FAILED_RETRY_DELAY_MS);
    expect(shouldAutoRefresh(a, T0 + HOUR - 1)).toBe(false);
    expect(shouldAutoRefresh(a, T0 + HOUR)).toBe(true);
  });
  it('never twice within 10 minutes', () => {
    const a = account({ accessExpiresAt: T0 + HOUR, lastRefreshAt: T0 });
    expect(autoRefreshAt(a)).toBe(T0 + MIN_AUTO_REFRESH_GAP_MS);
    expect(shouldAutoRefresh(a, T0 + 10 * MIN - 1)).toBe(false);
    expect(shouldAutoRefresh(a, T0 + 10 * MIN)).toBe(true);
  });
  it('after a refresh the next one is 150 days later', () => {
    const refreshed = account({ lastRefreshAt: T0, accessExpiresAt: T0 + 180 * DAY });
    expect(autoRefreshAt(refreshed)).toBe(T0 + 150 * DAY);
  });
  it('nextAutoRefreshAt: the earliest, never in the past, null if none', () => {
    const accounts = [
      account({ userId: '1', accessExpiresAt: T0 + 100 * DAY }),
      account({ userId: '2', accessExpiresAt: T0 + 40 * DAY }),
      account({ userId: '3', state: 'needs_relink', accessExpiresAt: T0 }),
    ];
    expect(nextAutoRefreshAt(accounts, T0)).toBe(T0 + 10 * DAY);
    expect(nextAutoRefreshAt(accounts, T0, { refreshWithinDays: 60 })).toBe(T0);
    expect(nextAutoRefreshAt([], T0)).toBeNull();
    expect(nextAutoRefreshAt([account({ state: 'outcome_unknown' })], T0)).toBeNull();
  });
});

describe('canRetryAt / canRefreshNow', () => {
  it('honours Retry-After, allows the deliberate retry, refuses needs_relink', () => {
    const limited = account({ state: 'rate_limited', lastError: { code: 'local_rate_limited', at: T0, retryAfter: 30 } });
    expect(canRetryAt(limited)).toBe(T0 + 30 * SEC);
    expect(canRefreshNow(limited, T0 + 29 * SEC)).toBe(false);
    expect(canRefreshNow(limited, T0 + 30 * SEC)).toBe(true);
    expect(canRetryAt(account({ state: 'outcome_unknown' }))).toBe(0);
    expect(canRefreshNow(account({ state: 'outcome_unknown' }), T0)).toBe(true);
    expect(canRefreshNow(account({ state: 'refresh_failed' }), T0)).toBe(true);
    expect(canRetryAt(account({ state: 'needs_relink' }))).toBeNull();
    expect(canRefreshNow(account({ state: 'needs_relink' }), T0)).toBe(false);
  });
});

describe('application token', () => {
  const tok = { expiresAt: T0 + 6 * HOUR };
  it('status boundaries', () => {
    expect(appTokenStatus(null, T0)).toBe('missing');
    expect(appTokenStatus(tok, T0)).toBe('ok');
    expect(appTokenStatus(tok, T0 + 6 * HOUR - 30 * MIN - 1)).toBe('ok');
    expect(appTokenStatus(tok, T0 + 6 * HOUR - 30 * MIN)).toBe('expiring_soon');
    expect(appTokenStatus(tok, T0 + 6 * HOUR - 1)).toBe('expiring_soon');
    expect(appTokenStatus(tok, T0 + 6 * HOUR)).toBe('expired');
    expect(appTokenStatus(tok, T0 + 5 * HOUR, { expiringSoonMinutes: 60 })).toBe('expiring_soon');
  });
  it('renewal timing', () => {
    expect(appTokenRenewAt(tok)).toBe(T0 + 6 * HOUR - 15 * MIN);
    expect(shouldRenewAppToken(tok, T0 + 6 * HOUR - 15 * MIN - 1)).toBe(false);
    expect(shouldRenewAppToken(tok, T0 + 6 * HOUR - 15 * MIN)).toBe(true);
    expect(shouldRenewAppToken(tok, T0 + 7 * HOUR)).toBe(true);
    expect(shouldRenewAppToken(tok, T0 + 5 * HOUR, { renewBeforeMinutes: 60 })).toBe(true);
    expect(shouldRenewAppToken(null, T0)).toBe(false);
    expect(nextAppTokenRenewAt([tok, { expiresAt: T0 + HOUR }], T0)).toBe(T0 + 45 * MIN);
    expect(nextAppTokenRenewAt([{ expiresAt: T0 }], T0 + HOUR)).toBe(T0 + HOUR);
    expect(nextAppTokenRenewAt([], T0)).toBeNull();
  });
});
