/**
 * Expiry and status math for linked accounts: pure functions of (account, now, settings).
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS, type Account } from './model';

export type AccountStatus =
  | 'ok'
  | 'expiring_soon'
  | 'expired'
  | 'needs_relink'
  | 'refresh_failed'
  | 'outcome_unknown'
  | 'locked';

export const DEFAULT_EXPIRING_SOON_DAYS = 7;

export interface StatusSettings {
  /** An access token expiring within this many days is "expiring soon" (default 7). */
  expiringSoonDays?: number;
  /** The vault is locked: refreshing needs an unlock first. */
  locked: boolean;
  /**
   * The auto-refresh window (days). While locked, an account inside this window (or the
   * expiring-soon window, whichever is wider) shows `locked` ("unlock to refresh").
   */
  refreshWithinDays?: number;
}

/**
 * Status of an account, by precedence (first match wins):
 * 1. `needs_relink`    — the seller must authorize again (`invalid_grant` on refresh)
 * 2. `expired`         — `now >= accessExpiresAt`
 * 3. `outcome_unknown` — the last refresh got no answer; one deliberate retry is offered
 * 4. `refresh_failed`  — the last refresh failed (5xx, network, 429 waiting for Retry-After, …)
 * 5. `locked`          — the vault is locked and the token is inside the refresh/expiring window
 * 6. `expiring_soon`   — `accessExpiresAt - now <= expiringSoonDays` (boundary included)
 * 7. `ok`
 */
export function accountStatus(
  account: Pick<Account, 'state' | 'accessExpiresAt'>,
  now: number,
  settings: StatusSettings,
): AccountStatus {
  const soonMs = (settings.expiringSoonDays ?? DEFAULT_EXPIRING_SOON_DAYS) * DAY_MS;
  const remaining = account.accessExpiresAt - now;
  if (account.state === 'needs_relink') return 'needs_relink';
  if (remaining <= 0) return 'expired';
  if (account.state === 'outcome_unknown') return 'outcome_unknown';
  if (account.state === 'refresh_failed' || account.state === 'rate_limited') return 'refresh_failed';
  if (settings.locked) {
    const windowMs = Math.max(soonMs, (settings.refreshWithinDays ?? 0) * DAY_MS);
    if (remaining <= windowMs) return 'locked';
  }
  if (remaining <= soonMs) return 'expiring_soon';
  return 'ok';
}

/**
 * The next moment after `now` at which accountStatus() of one of `accounts` can change with time
 * alone (entering the locked or expiring-soon window, expiring), or null if none can. The badge is
 * redrawn then, not only at the next event.
 */
export function nextStatusChangeAt(
  accounts: readonly Pick<Account, 'state' | 'accessExpiresAt'>[],
  now: number,
  settings: StatusSettings,
): number | null {
  const soonMs = (settings.expiringSoonDays ?? DEFAULT_EXPIRING_SOON_DAYS) * DAY_MS;
  const windowMs = settings.locked ? Math.max(soonMs, (settings.refreshWithinDays ?? 0) * DAY_MS) : soonMs;
  let next: number | null = null;
  for (const a of accounts) {
    if (a.state === 'needs_relink') continue;
    for (const at of [a.accessExpiresAt - windowMs, a.accessExpiresAt - soonMs, a.accessExpiresAt]) {
      if (at > now && (next === null || at < next)) next = at;
    }
  }
  return next;
}

const URGENCY: Record<AccountStatus, number> = {
  needs_relink: 6,
  expired: 5,
  outcome_unknown: 4,
  refresh_failed: 3,
  locked: 2,
  expiring_soon: 1,
  ok: 0,
};

/** Higher is more urgent: needs_relink > expired > outcome_unknown > refresh_failed > locked > expiring_soon > ok. */
export function urgency(status: AccountStatus): number {
  return URGENCY[status];
}

/** Most urgent first, then soonest expiry, then id (stable and deterministic). Returns a new array. */
export function sortByUrgency<A extends Pick<Account, 'id' | 'state' | 'accessExpiresAt'>>(
  accounts: readonly A[],
  now: number,
  settings: StatusSettings,
): A[] {
  return accounts
    .map((a) => ({ a, u: urgency(accountStatus(a, now, settings)) }))
    .sort((x, y) => y.u - x.u || x.a.accessExpiresAt - y.a.accessExpiresAt || (x.a.id < y.a.id ? -1 : x.a.id > y.a.id ? 1 : 0))
    .map((x) => x.a);
}

export interface Countdown {
  /** The moment has passed (`now > expiresAt`); the parts then count the time since. */
  negative: boolean;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** Time left until `expiresAt` (or since, when negative), in whole units, rounded down. */
export function countdown(expiresAt: number, now: number): Countdown {
  const diff = expiresAt - now;
  const abs = Math.abs(diff);
  return {
    negative: diff < 0,
    days: Math.floor(abs / DAY_MS),
    hours: Math.floor((abs % DAY_MS) / HOUR_MS),
    minutes: Math.floor((abs % HOUR_MS) / MINUTE_MS),
    seconds: Math.floor((abs % MINUTE_MS) / SECOND_MS),
  };
}

export const FAST_TICK_MS = 1000;
export const SLOW_TICK_MS = 60_000;

type Expiring = { accessExpiresAt: number } | { expiresAt: number };

function expiryOf(x: Expiring): number {
  return 'accessExpiresAt' in x ? x.accessExpiresAt : x.expiresAt;
}

/**
 * How often the popup should re-render its countdowns: every second when anything (account or
 * application token) expires within a day — or expired less than a day ago — else every minute.
 */
export function tickInterval(items: readonly Expiring[], now: number): number {
  return items.some((x) => Math.abs(expiryOf(x) - now) <= DAY_MS) ? FAST_TICK_MS : SLOW_TICK_MS;
}
