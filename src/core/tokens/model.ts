/**
 * Token and account model, and the pure state transitions the background applies after a link,
 * a refresh or a failed refresh. Only masked values live here; raw secrets stay in the vault.
 */
import { maskSecret } from '../mask';
import type { OAuthErrorInfo } from '../oauth/errors';
import type { AppTokenSet, TokenSet, UserMe } from '../oauth/token';
import type { SiteId } from '../sites';
import { appendEvent, type Timeline, type TimelineEvent } from './timeline';

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Stored lifecycle state of an account (what happened last), as opposed to its computed status. */
export type AccountState = 'active' | 'needs_relink' | 'refresh_failed' | 'outcome_unknown' | 'rate_limited';

export interface AccountLastError {
  code: string;
  at: number;
  /** Seconds to wait, from Retry-After (rate_limited only). */
  retryAfter?: number;
}

export interface Account {
  /** `appId:userId` */
  id: string;
  appId: string;
  userId: string;
  nickname: string | null;
  siteId: SiteId | null;
  liveMode: boolean;
  /** `/users/me` failed at link time: the account is linked but its profile is unknown. */
  profileError?: boolean;
  accessExpiresAt: number;
  linkedAt: number;
  lastRefreshAt: number | null;
  state: AccountState;
  lastError?: AccountLastError;
  maskedAccess: string;
  maskedRefresh: string;
}

/** The application's own token (client credentials, 6 hours). */
export interface AppToken {
  appId: string;
  expiresAt: number;
  obtainedAt: number;
  maskedAccess: string;
}

/** Rate-limit wait when a 429 carries no usable Retry-After. */
export const DEFAULT_RETRY_AFTER_SECONDS = 60;

export function accountId(appId: string, userId: string): string {
  return `${appId}:${userId}`;
}

export interface Transition {
  account: Account;
  event: TimelineEvent;
}

/**
 * The account after a successful link or re-link (code exchange). `profile` is `null` when
 * `/users/me` failed: the account is still linked, with `profileError` set. On a re-link the
 * previous nickname/site are kept if the profile could not be fetched.
 */
export function linkedAccount(input: {
  appId: string;
  tokens: TokenSet;
  profile: UserMe | null;
  now: number;
  previous?: Account | null;
}): Transition {
  const { appId, tokens, profile, now, previous } = input;
  const account: Account = {
    id: accountId(appId, tokens.userId),
    appId,
    userId: tokens.userId,
    nickname: profile?.nickname ?? previous?.nickname ?? null,
    siteId: profile?.siteId ?? previous?.siteId ?? null,
    liveMode: tokens.liveMode,
    accessExpiresAt: tokens.expiresAt,
    linkedAt: now,
    lastRefreshAt: null,
    state: 'active',
    maskedAccess: maskSecret(tokens.accessToken),
    maskedRefresh: tokens.refreshToken ? maskSecret(tokens.refreshToken) : '',
  };
  if (!profile) account.profileError = true;
  const event: TimelineEvent = { at: now, kind: previous ? 'relinked' : 'linked', masked: account.maskedAccess };
  return { account, event };
}

/** The account after a successful refresh (the new refresh token is already in the vault). */
export function refreshedAccount(account: Account, tokens: TokenSet, now: number): Transition {
  const next: Account = {
    ...account,
    liveMode: tokens.liveMode,
    accessExpiresAt: tokens.expiresAt,
    lastRefreshAt: now,
    state: 'active',
    maskedAccess: maskSecret(tokens.accessToken),
    maskedRefresh: tokens.refreshToken ? maskSecret(tokens.refreshToken) : account.maskedRefresh,
  };
  delete next.lastError;
  return { account: next, event: { at: now, kind: 'refreshed', masked: next.maskedAccess } };
}

/**
 * The account after a failed refresh. The old tokens are kept in every case:
 * - `invalid_grant` → `needs_relink` (revoked, 180 days passed, or the refresh token was spent —
 *   e.g. by the browser's own resend of a request whose answer was lost after the rotation)
 * - `outcome_unknown`, `refresh_interrupted` (the worker stopped mid-request) and `invalid_response`
 *   (a 200 we could not use: the server probably rotated) → `outcome_unknown` (one deliberate
 *   retry; never automatic)
 * - `local_rate_limited` → `rate_limited` with `retryAfter` (seconds)
 * - anything else (5xx, network, invalid_client, …) → `refresh_failed`
 */
export function refreshFailedAccount(account: Account, error: Pick<OAuthErrorInfo, 'code' | 'params'>, now: number): Transition {
  const lastError: AccountLastError = { code: error.code, at: now };
  let state: AccountState;
  let kind: TimelineEvent['kind'];
  switch (error.code) {
    case 'invalid_grant':
      state = 'needs_relink';
      kind = 'needs_relink';
      break;
    case 'outcome_unknown':
    case 'refresh_interrupted':
    // A 200 whose body could not be used: the server probably rotated the refresh token.
    // Treat it like a lost answer: keep the old token, offer one deliberate retry.
    case 'invalid_response':
      state = 'outcome_unknown';
      kind = 'outcome_unknown';
      break;
    case 'local_rate_limited': {
      state = 'rate_limited';
      kind = 'refresh_failed';
      const ra = error.params.retryAfterSeconds;
      lastError.retryAfter = typeof ra === 'number' && Number.isFinite(ra) && ra >= 0 ? ra : DEFAULT_RETRY_AFTER_SECONDS;
      break;
    }
    default:
      state = 'refresh_failed';
      kind = 'refresh_failed';
  }
  return { account: { ...account, state, lastError }, event: { at: now, kind, code: error.code } };
}

/** Applies a transition's event to a timeline (bounded). */
export function withEvent(timeline: Timeline, t: Transition, cap?: number): Timeline {
  return appendEvent(timeline, t.event, cap);
}

/** The stored view of a client-credentials token. */
export function appTokenFrom(appId: string, set: AppTokenSet, now: number): AppToken {
  return { appId, expiresAt: set.expiresAt, obtainedAt: now, maskedAccess: maskSecret(set.accessToken) };
}

/** Type guard for an account read back from storage. */
export function isAccount(x: unknown): x is Account {
  if (typeof x !== 'object' || x === null) return false;
  const a = x as Record<string, unknown>;
  return (
    typeof a.id === 'string' &&
    typeof a.appId === 'string' &&
    typeof a.userId === 'string' &&
    a.id === accountId(a.appId, a.userId) &&
    (a.nickname === null || typeof a.nickname === 'string') &&
    (a.siteId === null || typeof a.siteId === 'string') &&
    typeof a.liveMode === 'boolean' &&
    typeof a.accessExpiresAt === 'number' &&
    typeof a.linkedAt === 'number' &&
    (a.lastRefreshAt === null || typeof a.lastRefreshAt === 'number') &&
    typeof a.state === 'string' &&
    ['active', 'needs_relink', 'refresh_failed', 'outcome_unknown', 'rate_limited'].includes(a.state) &&
    typeof a.maskedAccess === 'string' &&
    typeof a.maskedRefresh === 'string'
  );
}
