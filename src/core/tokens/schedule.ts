/**
 * Refresh policy: when to refresh an account automatically, when a retry is allowed, and when to
 * renew the application token. No blind retries: refresh tokens are single use.
 */
import { DAY_MS, DEFAULT_RETRY_AFTER_SECONDS, MINUTE_MS, HOUR_MS, type Account, type AppToken } from './model';

export const DEFAULT_REFRESH_WITHIN_DAYS = 30;
/** The refresh window is clamped to [1, 179] days (access tokens live 180). */
export const MAX_REFRESH_WITHIN_DAYS = 179;
/** After a `refresh_failed` (5xx, network…), wait this long before trying again automatically. */
export const FAILED_RETRY_DELAY_MS = HOUR_MS;
/** Never refresh the same account automatically more often than this (guards odd `expires_in`). */
export const MIN_AUTO_REFRESH_GAP_MS = 10 * MINUTE_MS;

export interface RefreshSettings {
  /** Refresh automatically once the access token is within this many days of expiry (default 30). */
  refreshWithinDays?: number;
}

function windowMs(settings: RefreshSettings): number {
  const d = settings.refreshWithinDays ?? DEFAULT_REFRESH_WITHIN_DAYS;
  const days = Number.isFinite(d) ? Math.min(MAX_REFRESH_WITHIN_DAYS, Math.max(1, d)) : DEFAULT_REFRESH_WITHIN_DAYS;
  return days * DAY_MS;
}

type RefreshFields = Pick<Account, 'state' | 'accessExpiresAt' | 'lastRefreshAt' | 'lastError'>;

/**
 * Earliest time any refresh (manual or automatic) may be attempted, honouring Retry-After after a 429.
 * `null` when refreshing cannot help (`needs_relink`: the seller must authorize again).
 * `0` means "any time".
 */
export function canRetryAt(account: Pick<Account, 'state' | 'lastError'>): number | null {
  if (account.state === 'needs_relink') return null;
  if (account.state === 'rate_limited') {
    const at = account.lastError?.at ?? 0;
    const wait = account.lastError?.retryAfter ?? DEFAULT_RETRY_AFTER_SECONDS;
    return at + wait * 1000;
  }
  return 0;
}

/** Whether a manual refresh ("Refresh now", or the deliberate retry after outcome_unknown) may run now. */
export function canRefreshNow(account: Pick<Account, 'state' | 'lastError'>, now: number): boolean {
  const at = canRetryAt(account);
  return at !== null && now >= at;
}

/**
 * When this account should be refreshed automatically; `null` for never (needs_relink, and
 * outcome_unknown, which waits for a deliberate retry). The latest of:
 * expiry − window; Retry-After (rate_limited); last failure + 1 h (refresh_failed);
 * last refresh + 10 min.
 */
export function autoRefreshAt(account: RefreshFields, settings: RefreshSettings = {}): number | null {
  if (account.state === 'needs_relink' || account.state === 'outcome_unknown') return null;
  let at = account.accessExpiresAt - windowMs(settings);
  const retry = canRetryAt(account);
  if (retry === null) return null;
  at = Math.max(at, retry);
  if (account.state === 'refresh_failed') at = Math.max(at, (account.lastError?.at ?? 0) + FAILED_RETRY_DELAY_MS);
  if (account.lastRefreshAt !== null) at = Math.max(at, account.lastRefreshAt + MIN_AUTO_REFRESH_GAP_MS);
  return at;
}

/** Whether the alarm should refresh this account now (the caller still checks that the vault is unlocked). */
export function shouldAutoRefresh(account: RefreshFields, now: number, settings: RefreshSettings = {}): boolean {
  const at = autoRefreshAt(account, settings);
  return at !== null && now >= at;
}

/** Earliest time an auto-refresh alarm should fire (never before `now`); `null` if none is needed. */
export function nextAutoRefreshAt(accounts: readonly RefreshFields[], now: number, settings: RefreshSettings = {}): number | null {
  let min: number | null = null;
  for (const a of accounts) {
    const at = autoRefreshAt(a, settings);
    if (at !== null && (min === null || at < min)) min = at;
  }
  return min === null ? null : Math.max(min, now);
}

// ---------------------------------------------------------------------------------------------
// Application token (client credentials, 6 hours)

export type AppTokenStatus = 'missing' | 'ok' | 'expiring_soon' | 'expired';

export const DEFAULT_APP_TOKEN_SOON_MINUTES = 30;
export const DEFAULT_RENEW_BEFORE_MINUTES = 15;

/**
 * `missing` without a token; `expired` when `now >= expiresAt`; `expiring_soon` within
 * `expiringSoonMinutes` (default 30, boundary included); else `ok`.
 */
export function appTokenStatus(
  appToken: Pick<AppToken, 'expiresAt'> | null | undefined,
  now: number,
  settings: { expiringSoonMinutes?: number } = {},
): AppTokenStatus {
  if (!appToken) return 'missing';
  const remaining = appToken.expiresAt - now;
  if (remaining <= 0) return 'expired';
  if (remaining <= (settings.expiringSoonMinutes ?? DEFAULT_APP_TOKEN_SOON_MINUTES) * MINUTE_MS) return 'expiring_soon';
  return 'ok';
}

/** When the optional auto-renew should get a new application token (`renewBeforeMinutes` before expiry, default 15). */
export function appTokenRenewAt(appToken: Pick<AppToken, 'expiresAt'>, settings: { renewBeforeMinutes?: number } = {}): number {
  return appToken.expiresAt - (settings.renewBeforeMinutes ?? DEFAULT_RENEW_BEFORE_MINUTES) * MINUTE_MS;
}

/** Whether to renew the application token now (also true once expired). False without a token. */
export function shouldRenewAppToken(
  appToken: Pick<AppToken, 'expiresAt'> | null | undefined,
  now: number,
  settings: { renewBeforeMinutes?: number } = {},
): boolean {
  return !!appToken && now >= appTokenRenewAt(appToken, settings);
}

/** Earliest renewal time across application tokens (never before `now`); `null` if there are none. */
export function nextAppTokenRenewAt(
  appTokens: readonly Pick<AppToken, 'expiresAt'>[],
  now: number,
  settings: { renewBeforeMinutes?: number } = {},
): number | null {
  if (appTokens.length === 0) return null;
  return Math.max(now, Math.min(...appTokens.map((t) => appTokenRenewAt(t, settings))));
}
