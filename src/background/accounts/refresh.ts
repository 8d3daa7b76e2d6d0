/**
 * Rotation-safe refresh. Mercado Pago refresh tokens are single use and rotate, so:
 * - one refresh at a time per account (Web Locks, which the service worker has), and a caller
 *   that waited for the lock takes the result of the refresh that just ran instead of sending
 *   a second request;
 * - the account is marked in flight in storage.session before the request leaves; if the worker
 *   dies before the answer, the next worker turns that into `outcome_unknown` (never a blind retry);
 * - the new refresh token is written to the vault before anything else; the old one is only
 *   replaced by that write.
 * The same alarm also renews application tokens (client credentials, applications/tokens.ts) when
 * the user asked for it.
 */
import { errorAdvice, isOAuthError, refreshTokens, resolveEndpoints, type OAuthErrorCode } from '../../core/oauth';
import {
  nextAutoRefreshAt,
  nextStatusChangeAt,
  refreshedAccount,
  refreshFailedAccount,
  shouldAutoRefresh,
  type Account,
} from '../../core/tokens';
import { CodedError, emit, getSession, getSettings, setSession } from '../infra';
import { isUnlocked } from '../vault';
import { adviceContext, appRenewAt, appTokens, autoRenewAppTokens, clientSecretOf, getApp, renewFailures } from '../applications';
import { accountSecrets, applyTransition, getAccount, listAccounts, storeSecrets } from './store';

export const AUTO_REFRESH_ALARM = 'auto-refresh';
const WAITING = 'refresh.waiting';
const INFLIGHT = 'refresh.inflight';
/** Serializes read-modify-write of the session lists above within this worker. */
const SESSION_LOCK = 'refresh:session';

/** This worker instance. An in-flight marker written by another instance belongs to a dead worker. */
const WORKER_ID = crypto.randomUUID();

interface InflightMark {
  at: number;
  worker: string;
}

function withSessionLock<T>(fn: () => Promise<T>): Promise<T> {
  return navigator.locks.request(SESSION_LOCK, fn);
}

export async function waitingForUnlock(): Promise<string[]> {
  return (await getSession<string[]>(WAITING)) ?? [];
}

async function updateWaiting(change: (ids: string[]) => string[]): Promise<void> {
  const changed = await withSessionLock(async () => {
    const before = await waitingForUnlock();
    const after = [...new Set(change(before))];
    if (after.length === before.length && after.every((x, i) => x === before[i])) return false;
    await setSession({ [WAITING]: after });
    return true;
  });
  if (changed) emit('accounts');
}

async function markInflight(accountId: string): Promise<void> {
  await withSessionLock(async () => {
    const all = (await getSession<Record<string, InflightMark>>(INFLIGHT)) ?? {};
    await setSession({ [INFLIGHT]: { ...all, [accountId]: { at: Date.now(), worker: WORKER_ID } } });
  });
}

async function clearInflight(accountId: string): Promise<void> {
  await withSessionLock(async () => {
    const all = (await getSession<Record<string, InflightMark>>(INFLIGHT)) ?? {};
    delete all[accountId];
    await setSession({ [INFLIGHT]: all });
  });
}

/**
 * On worker start: a refresh that was in flight when a previous worker died has an unknown
 * outcome (the server may have rotated the refresh token). Unless the account shows that the
 * refresh completed, it becomes `outcome_unknown`: the old token is kept, one deliberate retry.
 */
export async function sweepInterruptedRefreshes(): Promise<void> {
  const orphans = await withSessionLock(async () => {
    const all = (await getSession<Record<string, InflightMark | number>>(INFLIGHT)) ?? {};
    const mine: Record<string, InflightMark> = {};
    const dead: [string, number][] = [];
    for (const [id, mark] of Object.entries(all)) {
      if (typeof mark === 'object' && mark.worker === WORKER_ID) mine[id] = mark;
      else dead.push([id, typeof mark === 'number' ? mark : mark.at]);
    }
    if (dead.length) await setSession({ [INFLIGHT]: mine });
    return dead;
  });
  for (const [id, at] of orphans) {
    await navigator.locks.request(`refresh:${id}`, async () => {
      const account = await getAccount(id).catch(() => null);
      if (!account) return;
      if (account.lastRefreshAt !== null && account.lastRefreshAt >= at) return; // it did complete
      await applyTransition(refreshFailedAccount(account, { code: 'refresh_interrupted', params: {} }, Date.now()));
    });
  }
}

export type Trigger = 'click' | 'alarm' | 'unlock';

export async function refreshAccount(accountId: string, opts: { trigger: Trigger; confirmRetry?: boolean }): Promise<Account> {
  const requestedAt = Date.now();
  return navigator.locks.request(`refresh:${accountId}`, async () => {
    const account = await getAccount(accountId);
    // Someone else refreshed while we waited for the lock: take their result.
    if (account.lastRefreshAt !== null && account.lastRefreshAt >= requestedAt && account.state === 'active') return account;
    // ...or it failed while we waited: report that failure rather than sending a second request.
    if (account.lastError && account.lastError.at >= requestedAt && account.state !== 'active') {
      const app = await getApp(account.appId).catch(() => ({}));
      throw new CodedError(account.lastError.code, { advice: errorAdvice(account.lastError.code as OAuthErrorCode, 'refresh_token', adviceContext(app)) });
    }

    if (account.state === 'needs_relink') throw new CodedError('invalid_grant', { advice: 'relink' });
    if (account.state === 'outcome_unknown' && !opts.confirmRetry) throw new CodedError('outcome_unknown', { advice: 'retry_once_deliberately' });
    const retryAt = account.state === 'rate_limited' && account.lastError ? account.lastError.at + (account.lastError.retryAfter ?? 0) * 1000 : 0;
    if (retryAt > Date.now()) {
      throw new CodedError('local_rate_limited', { seconds: Math.ceil((retryAt - Date.now()) / 1000), advice: 'wait_seconds' });
    }
    if (!(await isUnlocked())) {
      // The extension's own schedule queues the refresh for the next unlock; a click while locked
      // queues nothing (locked means locked).
      if (opts.trigger !== 'click') await updateWaiting((ids) => [...ids, accountId]);
      throw new CodedError('locked', { advice: 'unlock_to_refresh' });
    }
    // From here on this attempt settles the account, whatever its outcome: it no longer waits.
    await updateWaiting((ids) => ids.filter((x) => x !== accountId));

    const app = await getApp(account.appId);
    const [secrets, clientSecret] = await Promise.all([accountSecrets(accountId), clientSecretOf(app.id)]);
    if (!secrets.refreshToken) throw new CodedError('invalid_grant', { advice: 'relink' });
    const endpoints = resolveEndpoints(app.siteId, app.endpoints);

    await markInflight(accountId);
    try {
      const tokens = await refreshTokens({
        endpoints,
        clientId: app.clientId,
        clientSecret,
        fetch: (...a) => fetch(...a),
        now: Date.now(),
        refreshToken: secrets.refreshToken,
        previous: { userId: account.userId, liveMode: account.liveMode },
      });
      // The new pair goes to the vault first; only then does the metadata change.
      await storeSecrets(app.id, tokens);
      return await applyTransition(refreshedAccount(await getAccount(accountId), tokens, Date.now()));
    } catch (e) {
      if (!isOAuthError(e)) throw e;
      await applyTransition(refreshFailedAccount(await getAccount(accountId), e, Date.now()));
      throw new CodedError(e.code, { ...e.params, advice: errorAdvice(e.code, 'refresh_token', adviceContext(app)) });
    } finally {
      await clearInflight(accountId);
    }
  });
}

/** The alarm: refresh every account that is within the configured window of expiry. */
export async function autoRefresh(): Promise<void> {
  const settings = await getSettings();
  const now = Date.now();
  const due = (await listAccounts()).filter((a) => shouldAutoRefresh(a, now, { refreshWithinDays: settings.refreshWithinDays }));
  if (due.length && !(await isUnlocked())) {
    await updateWaiting((ids) => [...ids, ...due.map((a) => a.id)]);
  } else {
    for (const a of due) await refreshAccount(a.id, { trigger: 'alarm' }).catch(() => undefined);
  }
  await autoRenewAppTokens().catch(() => undefined);
  await scheduleAutoRefresh();
}

/** After unlock: run the refreshes that were waiting for the vault, and any due renewals. */
export async function runWaiting(): Promise<void> {
  const ids = await waitingForUnlock();
  // Accounts removed meanwhile simply drop out of the list.
  const existing = new Set((await listAccounts()).map((a) => a.id));
  await updateWaiting((list) => list.filter((x) => existing.has(x)));
  for (const id of ids) if (existing.has(id)) await refreshAccount(id, { trigger: 'unlock' }).catch(() => undefined);
  await autoRenewAppTokens().catch(() => undefined);
  await scheduleAutoRefresh().catch(() => undefined);
}

/**
 * The next alarm: the earliest auto-refresh or renewal moment, or the moment an account's status
 * changes with time (so the badge turns when a token enters its window or expires), at least hourly.
 */
export async function scheduleAutoRefresh(): Promise<void> {
  const [settings, accounts, unlocked] = await Promise.all([getSettings(), listAccounts(), isUnlocked()]);
  const now = Date.now();
  let next = nextAutoRefreshAt(accounts, now, { refreshWithinDays: settings.refreshWithinDays });
  const statusChange = nextStatusChangeAt(accounts, now, {
    expiringSoonDays: settings.expiringSoonDays,
    refreshWithinDays: settings.refreshWithinDays,
    locked: !unlocked,
  });
  if (statusChange !== null && (next === null || statusChange < next)) next = statusChange;
  if (settings.autoRenewAppTokens && unlocked) {
    const failures = await renewFailures();
    for (const t of await appTokens()) {
      const at = appRenewAt(t, failures);
      if (next === null || at < next) next = at;
    }
  }
  const hourly = now + 60 * 60_000;
  const when = Math.max(now + 30_000, Math.min(next ?? hourly, hourly));
  await chrome.alarms.create(AUTO_REFRESH_ALARM, { when });
}
