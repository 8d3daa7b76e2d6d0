import { describe, expect, it } from 'vitest';
import { badgeLevel, badgeSummary, badgeText, notificationsDue, type AccountStatus } from '../../../src/core/tokens';
import { account, DAY, T0 } from './fixtures';

describe('badgeSummary', () => {
  it('empty and all ok', () => {
    expect(badgeSummary([])).toEqual({ count: 0, level: 'none', worst: null });
    expect(badgeSummary(['ok', 'ok'])).toEqual({ count: 0, level: 'none', worst: 'ok' });
  });
  it('warning for expiring soon / locked', () => {
    expect(badgeSummary(['ok', 'expiring_soon'])).toEqual({ count: 1, level: 'warning', worst: 'expiring_soon' });
    expect(badgeSummary(['expiring_soon', 'locked', 'ok'])).toEqual({ count: 2, level: 'warning', worst: 'locked' });
  });
  it('critical for failures, counting every non-ok account', () => {
    expect(badgeSummary(['expiring_soon', 'refresh_failed', 'ok', 'needs_relink'])).toEqual({
      count: 3,
      level: 'critical',
      worst: 'needs_relink',
    });
    const levels = (['needs_relink', 'expired', 'outcome_unknown', 'refresh_failed'] as AccountStatus[]).map(badgeLevel);
    expect(levels).toEqual(['critical', 'critical', 'critical', 'critical']);
  });
  it('badge text', () => {
    expect(badgeText({ count: 0 })).toBe('');
    expect(badgeText({ count: 7 })).toBe('7');
    expect(badgeText({ count: 150 })).toBe('99+');
  });
});

describe('notificationsDue', () => {
  const fine = account({ userId: '1', accessExpiresAt: T0 + 100 * DAY });
  const soon = account({ userId: '2', accessExpiresAt: T0 + 7 * DAY });
  const failed = account({ userId: '3', state: 'refresh_failed' });
  const relink = account({ userId: '4', state: 'needs_relink', accessExpiresAt: T0 + DAY });
  const unknown = account({ userId: '5', state: 'outcome_unknown' });
  const limited = account({ userId: '6', state: 'rate_limited' });

  it('notifies each condition once, most urgent first', () => {
    const first = notificationsDue([fine, soon, failed, relink, unknown, limited], [], T0);
    expect(first.due.map((d) => [d.accountId, d.kind, d.status])).toEqual([
      ['app1:4', 'needs_relink', 'needs_relink'],
      ['app1:5', 'refresh_failed', 'outcome_unknown'],
      ['app1:3', 'refresh_failed', 'refresh_failed'],
      ['app1:2', 'expiring', 'expiring_soon'],
    ]);
    expect(first.notified.sort()).toEqual(['app1:2|expiring', 'app1:3|refresh_failed', 'app1:4|needs_relink', 'app1:5|refresh_failed']);
    const second = notificationsDue([fine, soon, failed, relink, unknown, limited], first.notified, T0 + 1000);
    expect(second.due).toEqual([]);
    expect(second.notified.sort()).toEqual(first.notified.sort());
  });

  it('expiring boundary: exactly 7 days left notifies, a millisecond more does not', () => {
    expect(notificationsDue([account({ accessExpiresAt: T0 + 7 * DAY + 1 })], [], T0).due).toEqual([]);
    expect(notificationsDue([account({ accessExpiresAt: T0 + 7 * DAY })], [], T0).due).toHaveLength(1);
    expect(notificationsDue([account({ accessExpiresAt: T0 - DAY })], [], T0).due[0]).toMatchObject({ kind: 'expiring', status: 'expired' });
  });

  it('fires again after the condition cleared and came back', () => {
    const a = account({ accessExpiresAt: T0 + 3 * DAY });
    const n1 = notificationsDue([a], [], T0);
    expect(n1.due).toHaveLength(1);
    const refreshed = { ...a, accessExpiresAt: T0 + 180 * DAY };
    const n2 = notificationsDue([refreshed], n1.notified, T0 + DAY);
    expect(n2.due).toEqual([]);
    expect(n2.notified).toEqual([]);
    const n3 = notificationsDue([refreshed], n2.notified, T0 + 175 * DAY);
    expect(n3.due).toHaveLength(1);
  });

  it('a change of kind notifies the new kind; removed accounts drop out of the set', () => {
    const a = account({ accessExpiresAt: T0 + 3 * DAY });
    const n1 = notificationsDue([a], [], T0);
    const n2 = notificationsDue([{ ...a, state: 'needs_relink' }], n1.notified, T0);
    expect(n2.due.map((d) => d.kind)).toEqual(['needs_relink']);
    expect(n2.notified).toEqual(['app1:241983636|needs_relink']);
    expect(notificationsDue([], n2.notified, T0).notified).toEqual([]);
  });

  it('honours a custom window', () => {
    expect(notificationsDue([account({ accessExpiresAt: T0 + 10 * DAY })], [], T0, { expiringSoonDays: 10 }).due).toHaveLength(1);
  });
});
