import { describe, expect, it } from 'vitest';
import type { TokenSet } from '../../../src/core/oauth';
import {
  accountId,
  appTokenFrom,
  isAccount,
  linkedAccount,
  refreshedAccount,
  refreshFailedAccount,
  withEvent,
} from '../../../src/core/tokens';
import { account, DAY, T0 } from './fixtures';

const ACCESS = 'APP_USR-1111222233334444-010101-0123456789abcdef0123456789abcdef-241983636';
const REFRESH = 'TG-0123456789abcdef01234567-241983636';
const tokens: TokenSet = {
  accessToken: ACCESS,
  refreshToken: REFRESH,
  publicKey: null,
  userId: '241983636',
  expiresAt: T0 + 180 * DAY,
  scope: 'offline_access read write',
  liveMode: false,
  tokenType: 'bearer',
};

function noRawSecret(x: unknown) {
  const s = JSON.stringify(x);
  expect(s).not.toContain(ACCESS);
  expect(s).not.toContain(REFRESH);
  expect(s).not.toContain('0123456789abcdef');
}

describe('linkedAccount', () => {
  it('builds a masked account keyed by app and user', () => {
    const { account: a, event } = linkedAccount({
      appId: 'app1',
      tokens,
      profile: { id: '241983636', nickname: 'TESTSELLER', siteId: 'MLM' },
      now: T0,
    });
    expect(a).toEqual({
      id: 'app1:241983636',
      appId: 'app1',
      userId: '241983636',
      nickname: 'TESTSELLER',
      siteId: 'MLM',
      liveMode: false,
      accessExpiresAt: T0 + 180 * DAY,
      linkedAt: T0,
      lastRefreshAt: null,
      state: 'active',
      maskedAccess: 'APP_USR-0123\u20263636',
      maskedRefresh: 'TG-0123\u20263636',
    });
    expect(event).toEqual({ at: T0, kind: 'linked', masked: 'APP_USR-0123\u20263636' });
    expect(isAccount(a)).toBe(true);
    noRawSecret(a);
  });
  it('without a profile: still linked, profileError set; re-link keeps the old profile', () => {
    const { account: a } = linkedAccount({ appId: 'app1', tokens, profile: null, now: T0 });
    expect(a).toMatchObject({ nickname: null, siteId: null, profileError: true });
    const prev = account({ nickname: 'OLD', siteId: 'MLA', state: 'needs_relink' });
    const r = linkedAccount({ appId: 'app1', tokens, profile: null, now: T0, previous: prev });
    expect(r.account).toMatchObject({ nickname: 'OLD', siteId: 'MLA', state: 'active', profileError: true });
    expect(r.event.kind).toBe('relinked');
  });
});

describe('refresh transitions', () => {
  it('success: active, new expiry, lastError cleared', () => {
    const before = account({ state: 'refresh_failed', lastError: { code: 'server_error', at: T0 - 1 } });
    const { account: a, event } = refreshedAccount(before, { ...tokens, liveMode: true }, T0);
    expect(a.state).toBe('active');
    expect(a.lastRefreshAt).toBe(T0);
    expect(a.accessExpiresAt).toBe(T0 + 180 * DAY);
    expect('lastError' in a).toBe(false);
    expect(event).toMatchObject({ kind: 'refreshed', at: T0 });
    noRawSecret(a);
  });
  it.each([
    ['invalid_grant', 'needs_relink', 'needs_relink'],
    ['outcome_unknown', 'outcome_unknown', 'outcome_unknown'],
    ['invalid_response', 'outcome_unknown', 'outcome_unknown'],
    ['refresh_interrupted', 'outcome_unknown', 'outcome_unknown'],
    ['server_error', 'refresh_failed', 'refresh_failed'],
    ['network', 'refresh_failed', 'refresh_failed'],
    ['invalid_client', 'refresh_failed', 'refresh_failed'],
    ['local_rate_limited', 'rate_limited', 'refresh_failed'],
  ] as const)('%s → state %s, event %s; old token kept', (code, state, kind) => {
    const before = account();
    const { account: a, event } = refreshFailedAccount(before, { code, params: { retryAfterSeconds: 30 } }, T0);
    expect(a.state).toBe(state);
    expect(a.lastError).toMatchObject({ code, at: T0 });
    expect(event).toEqual({ at: T0, kind, code });
    expect(a.maskedAccess).toBe(before.maskedAccess);
    expect(a.maskedRefresh).toBe(before.maskedRefresh);
    expect(a.accessExpiresAt).toBe(before.accessExpiresAt);
  });
  it('rate limited keeps Retry-After, defaulting to 60 s', () => {
    expect(refreshFailedAccount(account(), { code: 'local_rate_limited', params: { retryAfterSeconds: 30 } }, T0).account.lastError?.retryAfter).toBe(30);
    expect(refreshFailedAccount(account(), { code: 'local_rate_limited', params: {} }, T0).account.lastError?.retryAfter).toBe(60);
  });
  it('withEvent appends the transition event', () => {
    const t = refreshFailedAccount(account(), { code: 'server_error', params: {} }, T0);
    expect(withEvent([], t)).toEqual([{ at: T0, kind: 'refresh_failed', code: 'server_error' }]);
  });
});

describe('misc', () => {
  it('accountId and appTokenFrom', () => {
    expect(accountId('a', '1')).toBe('a:1');
    const t = appTokenFrom('app1', { accessToken: ACCESS, expiresAt: T0 + 6 * 3600_000, scope: '', userId: null, liveMode: null, tokenType: 'bearer' }, T0);
    expect(t).toEqual({ appId: 'app1', expiresAt: T0 + 6 * 3600_000, obtainedAt: T0, maskedAccess: 'APP_USR-0123\u20263636' });
  });
  it('isAccount rejects malformed records', () => {
    expect(isAccount(account())).toBe(true);
    expect(isAccount({ ...account(), id: 'other' })).toBe(false);
    expect(isAccount({ ...account(), state: 'weird' })).toBe(false);
    expect(isAccount(null)).toBe(false);
  });
});
