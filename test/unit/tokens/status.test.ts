import { describe, expect, it } from 'vitest';
import { accountStatus, countdown, nextStatusChangeAt, sortByUrgency, tickInterval, urgency, type AccountStatus } from '../../../src/core/tokens';
import { account, DAY, HOUR, MIN, SEC, T0 } from './fixtures';

const unlocked = { locked: false };

describe('accountStatus boundaries', () => {
  it('ok → expiring_soon exactly at 7 days left (inclusive)', () => {
    expect(accountStatus(account({ accessExpiresAt: T0 + 7 * DAY + 1 }), T0, unlocked)).toBe('ok');
    expect(accountStatus(account({ accessExpiresAt: T0 + 7 * DAY }), T0, unlocked)).toBe('expiring_soon');
    expect(accountStatus(account({ accessExpiresAt: T0 + 1 }), T0, unlocked)).toBe('expiring_soon');
  });
  it('expired exactly at the expiry instant', () => {
    expect(accountStatus(account({ accessExpiresAt: T0 }), T0, unlocked)).toBe('expired');
    expect(accountStatus(account({ accessExpiresAt: T0 - 1 }), T0, unlocked)).toBe('expired');
  });
  it('custom expiring-soon days', () => {
    const a = account({ accessExpiresAt: T0 + 14 * DAY });
    expect(accountStatus(a, T0, { locked: false, expiringSoonDays: 14 })).toBe('expiring_soon');
    expect(accountStatus(a, T0, { locked: false, expiringSoonDays: 13 })).toBe('ok');
  });
  it('stored states', () => {
    expect(accountStatus(account({ state: 'needs_relink' }), T0, unlocked)).toBe('needs_relink');
    expect(accountStatus(account({ state: 'refresh_failed' }), T0, unlocked)).toBe('refresh_failed');
    expect(accountStatus(account({ state: 'rate_limited' }), T0, unlocked)).toBe('refresh_failed');
    expect(accountStatus(account({ state: 'outcome_unknown' }), T0, unlocked)).toBe('outcome_unknown');
  });
  it('precedence: needs_relink > expired > outcome_unknown > refresh_failed > locked > expiring_soon', () => {
    const expired = { accessExpiresAt: T0 - 1 };
    const soon = { accessExpiresAt: T0 + DAY };
    const locked = { locked: true };
    expect(accountStatus(account({ ...expired, state: 'needs_relink' }), T0, locked)).toBe('needs_relink');
    expect(accountStatus(account({ ...expired, state: 'outcome_unknown' }), T0, locked)).toBe('expired');
    expect(accountStatus(account({ ...soon, state: 'outcome_unknown' }), T0, locked)).toBe('outcome_unknown');
    expect(accountStatus(account({ ...soon, state: 'refresh_failed' }), T0, locked)).toBe('refresh_failed');
    expect(accountStatus(account({ ...soon }), T0, locked)).toBe('locked');
    expect(accountStatus(account({ ...soon }), T0, unlocked)).toBe('expiring_soon');
  });
  it('locked only matters inside the refresh/expiring window (boundary inclusive)', () => {
    const far = account({ accessExpiresAt: T0 + 100 * DAY });
    expect(accountStatus(far, T0, { locked: true })).toBe('ok');
    const in30 = account({ accessExpiresAt: T0 + 30 * DAY });
    expect(accountStatus(in30, T0, { locked: true })).toBe('ok');
    expect(accountStatus(in30, T0, { locked: true, refreshWithinDays: 30 })).toBe('locked');
    expect(accountStatus(account({ accessExpiresAt: T0 + 30 * DAY + 1 }), T0, { locked: true, refreshWithinDays: 30 })).toBe('ok');
    expect(accountStatus(account({ accessExpiresAt: T0 + 7 * DAY }), T0, { locked: true })).toBe('locked');
  });
});

describe('urgency and sorting', () => {
  it('orders statuses', () => {
    const order: AccountStatus[] = ['needs_relink', 'expired', 'outcome_unknown', 'refresh_failed', 'locked', 'expiring_soon', 'ok'];
    for (let i = 1; i < order.length; i++) expect(urgency(order[i - 1]!)).toBeGreaterThan(urgency(order[i]!));
  });
  it('most urgent first, then soonest expiry, then id', () => {
    const a = account({ userId: '1', accessExpiresAt: T0 + 100 * DAY });
    const b = account({ userId: '2', accessExpiresAt: T0 + 50 * DAY });
    const c = account({ userId: '3', accessExpiresAt: T0 + 3 * DAY });
    const d = account({ userId: '4', accessExpiresAt: T0 + 150 * DAY, state: 'needs_relink' });
    const e = account({ userId: '5', accessExpiresAt: T0 - DAY });
    const f = account({ userId: '0', accessExpiresAt: T0 + 50 * DAY });
    const input = [a, b, c, d, e, f];
    const sorted = sortByUrgency(input, T0, unlocked);
    expect(sorted.map((x) => x.userId)).toEqual(['4', '5', '3', '0', '2', '1']);
    expect(input.map((x) => x.userId)).toEqual(['1', '2', '3', '4', '5', '0']);
  });
});

describe('countdown', () => {
  it('splits the time left', () => {
    expect(countdown(T0 + 2 * DAY + 3 * HOUR + 4 * MIN + 5 * SEC + 999, T0)).toEqual({
      negative: false,
      days: 2,
      hours: 3,
      minutes: 4,
      seconds: 5,
    });
  });
  it('zero and negative', () => {
    expect(countdown(T0, T0)).toEqual({ negative: false, days: 0, hours: 0, minutes: 0, seconds: 0 });
    expect(countdown(T0 - 1, T0)).toEqual({ negative: true, days: 0, hours: 0, minutes: 0, seconds: 0 });
    expect(countdown(T0 - (DAY + 61 * SEC), T0)).toEqual({ negative: true, days: 1, hours: 0, minutes: 1, seconds: 1 });
  });
  it('180 days', () => {
    expect(countdown(T0 + 15552000 * 1000, T0).days).toBe(180);
  });
});

describe('tickInterval', () => {
  it('every second within a day (boundary inclusive), else every minute', () => {
    expect(tickInterval([], T0)).toBe(60_000);
    expect(tickInterval([account({ accessExpiresAt: T0 + DAY + 1 })], T0)).toBe(60_000);
    expect(tickInterval([account({ accessExpiresAt: T0 + DAY })], T0)).toBe(1000);
    expect(tickInterval([account({ accessExpiresAt: T0 + 100 * DAY }), account({ accessExpiresAt: T0 + HOUR })], T0)).toBe(1000);
    expect(tickInterval([account({ accessExpiresAt: T0 - HOUR })], T0)).toBe(1000);
    expect(tickInterval([account({ accessExpiresAt: T0 - DAY - 1 })], T0)).toBe(60_000);
  });
  it('counts application tokens too', () => {
    expect(tickInterval([{ expiresAt: T0 + 6 * HOUR }], T0)).toBe(1000);
  });
});

describe('nextStatusChangeAt', () => {
  it('is the earliest coming boundary: the expiring-soon window, then expiry', () => {
    const a = account({ accessExpiresAt: T0 + 10 * DAY });
    const b = account({ accessExpiresAt: T0 + 3 * DAY });
    // b is already expiring soon: its next change is expiry; a enters the window in 3 days.
    expect(nextStatusChangeAt([a, b], T0, unlocked)).toBe(T0 + 3 * DAY);
    expect(nextStatusChangeAt([b], T0, unlocked)).toBe(T0 + 3 * DAY);
    expect(nextStatusChangeAt([a], T0, unlocked)).toBe(T0 + 3 * DAY);
    const at = nextStatusChangeAt([a], T0, unlocked)!;
    expect(accountStatus(a, at - 1, unlocked)).toBe('ok');
    expect(accountStatus(a, at, unlocked)).toBe('expiring_soon');
  });
  it('while locked, the wider refresh window counts', () => {
    const a = account({ accessExpiresAt: T0 + 20 * DAY });
    const locked = { locked: true, refreshWithinDays: 15 };
    const at = nextStatusChangeAt([a], T0, locked)!;
    expect(at).toBe(T0 + 5 * DAY);
    expect(accountStatus(a, at - 1, locked)).toBe('ok');
    expect(accountStatus(a, at, locked)).toBe('locked');
  });
  it('nothing to wait for: expired or needs re-link accounts, or none', () => {
    expect(nextStatusChangeAt([account({ accessExpiresAt: T0 - 1 })], T0, unlocked)).toBeNull();
    expect(nextStatusChangeAt([account({ state: 'needs_relink', accessExpiresAt: T0 + DAY })], T0, unlocked)).toBeNull();
    expect(nextStatusChangeAt([], T0, unlocked)).toBeNull();
  });
});
