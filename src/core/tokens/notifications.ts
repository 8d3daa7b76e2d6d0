/**
 * Which notifications to show: once per (account, kind) while the condition holds.
 */
import { DAY_MS, type Account } from './model';
import { accountStatus, DEFAULT_EXPIRING_SOON_DAYS, urgency, type AccountStatus } from './status';

export type NotificationKind = 'expiring' | 'refresh_failed' | 'needs_relink';

export interface DueNotification {
  accountId: string;
  kind: NotificationKind;
  /** `accountId|kind`: the de-duplication key, also usable as the chrome notification id. */
  key: string;
  /** The account's status, for wording (e.g. expired vs expiring, outcome_unknown vs refresh_failed). */
  status: AccountStatus;
  accessExpiresAt: number;
}

export interface NotificationSettings {
  /** Notify when the access token expires within this many days (default 7; expired included). */
  expiringSoonDays?: number;
}

export function notificationKey(accountId: string, kind: NotificationKind): string {
  return `${accountId}|${kind}`;
}

type NotifiableAccount = Pick<Account, 'id' | 'state' | 'accessExpiresAt'>;

/** The notification condition currently true for an account, if any (at most one per account). */
export function notificationKindFor(account: NotifiableAccount, now: number, settings: NotificationSettings = {}): NotificationKind | null {
  if (account.state === 'needs_relink') return 'needs_relink';
  if (account.state === 'refresh_failed' || account.state === 'outcome_unknown') return 'refresh_failed';
  const soon = (settings.expiringSoonDays ?? DEFAULT_EXPIRING_SOON_DAYS) * DAY_MS;
  if (account.accessExpiresAt - now <= soon) return 'expiring';
  return null;
}

/**
 * Decides what to notify now. A (account, kind) pair is notified once; it can fire again only
 * after its condition has cleared (e.g. the account was refreshed) and come back.
 * Returns the notifications to show (most urgent first) and the new notified set to store.
 * Rate-limited accounts are not notified (they retry on their own after Retry-After).
 */
export function notificationsDue(
  accounts: readonly NotifiableAccount[],
  previousNotified: readonly string[],
  now: number,
  settings: NotificationSettings = {},
): { due: DueNotification[]; notified: string[] } {
  const before = new Set(previousNotified);
  const due: DueNotification[] = [];
  const notified: string[] = [];
  for (const a of accounts) {
    const kind = notificationKindFor(a, now, settings);
    if (!kind) continue;
    const key = notificationKey(a.id, kind);
    notified.push(key);
    if (!before.has(key)) {
      const status = accountStatus(a, now, { locked: false, expiringSoonDays: settings.expiringSoonDays });
      due.push({ accountId: a.id, kind, key, status, accessExpiresAt: a.accessExpiresAt });
    }
  }
  due.sort((x, y) => urgency(y.status) - urgency(x.status) || x.accessExpiresAt - y.accessExpiresAt);
  return { due, notified };
}
