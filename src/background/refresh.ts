/**
 * Rotation-safe refresh. Mercado Pago refresh tokens are single use and rotate, so:
 * - one refresh at a time per account (Web Locks, which the service worker has), and a caller
 *   that waited for the lock takes the result of the refresh that just ran instead of sending
 *   a second request;
 * - the account is marked `refreshing` in storage before the request leaves; if the worker dies
 *   before the answer, the next start turns that into `outcome_unknown` (never a blind retry);
 * - the new refresh token is written to the vault before anything else; the old one is only
 *   replaced by that write.
 */
import { errorAdvice, isOAuthError, refreshTokens, resolveEndpoints, type OAuthErrorCode } from '../core/oauth';
import { shouldAutoRefresh, nextAutoRefreshAt, refreshedAccount, refreshFailedAccount, type Account } from '../core/tokens';
import { CodedError } from './router';
import { getSession, setSession } from './storage';
import { accountSecrets, applyTransition, getAccount, listAccounts, storeSecrets } from './accounts';
import { clientSecretOf, getApp } from './apps';
import { isUnlocked } from './vault';
import { getSettings } from './settings';
import { emit } from './events';

export const AUTO_REFRESH_ALARM = 'auto-refresh';
const WAITING = 'refresh.waiting';
const INFLIGHT = 'refresh.inflight';

export async function waitingForUnlock(): Promise<string[]> {
  return (await getSession<string[]>(WAITING)) ?? [];
}
async function setWaiting(ids: string[]): Promise<void> {
  await setSession({ [WAITING]: [...new Set(ids)] });
  emit('accounts');
}

/** On worker start: a refresh that was in flight when the previous worker died has an unknown outcome. */
export async function sweepInterruptedRefreshes(): Promise<void> {
  const inflight = (await getSession<Record<string, number>>(INFLIGHT)) ?? {};
  const ids = Object.keys(inflight);
  if (ids.length === 0) return;
  await setSession({ [INFLIGHT]: {} });
  for (const id of ids) {
    const account = await getAccount(id).catch(() => null);
    if (account) await applyTransition(refreshFailedAccount(account, { code: 'outcome_unknown', params: {} }, Date.now()));
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
      throw new CodedError(account.lastError.code, { advice: errorAdvice(account.lastError.code as OAuthErrorCode, 'refresh_token') });
    }

    if (account.state === 'needs_relink') throw new CodedError('invalid_grant', { advice: 'relink' });
    if (account.state === 'outcome_unknown' && !opts.confirmRetry) throw new CodedError('outcome_unknown', { advice: 'retry_once_deliberately' });
    const retryAt = account.lastError?.retryAfter ? account.lastError.at + account.lastError.retryAfter * 1000 : 0;
    if (account.state === 'rate_limited' && retryAt > Date.now()) {
      throw new CodedError('local_rate_limited', { seconds: Math.ceil((retryAt - Date.now()) / 1000), advice: 'wait_and_retry' });
    }
    if (!(await isUnlocked())) {
      await setWaiting([...(await waitingForUnlock()), accountId]);
      throw new CodedError('locked', { advice: 'unlock_to_refresh' });
    }

    const app = await getApp(account.appId);
    const [secrets, clientSecret] = await Promise.all([accountSecrets(accountId), clientSecretOf(app.id)]);
    if (!secrets.refreshToken) throw new CodedError('invalid_grant', { advice: 'relink' });
    const endpoints = resolveEndpoints(app.siteId, app.endpoints);

    const inflight = (await getSession<Record<string, number>>(INFLIGHT)) ?? {};
    await setSession({ [INFLIGHT]: { ...inflight, [accountId]: Date.now() } });
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
      const next = await applyTransition(refreshedAccount(await getAccount(accountId), tokens, Date.now()));
      await setWaiting((await waitingForUnlock()).filter((x) => x !== accountId));
      return next;
    } catch (e) {
      if (!isOAuthError(e)) throw e;
      await applyTransition(refreshFailedAccount(await getAccount(accountId), e, Date.now()));
      throw new CodedError(e.code, { ...e.params, advice: errorAdvice(e.code, 'refresh_token') });
    } finally {
      const now = (await getSession<Record<string, number>>(INFLIGHT)) ?? {};
      delete now[accountId];
      await setSession({ [INFLIGHT]: now });
    }
  });
}

/** The alarm: refresh every account that is within the configured window of expiry. */
export async function autoRefresh(): Promise<void> {
  const settings = await getSettings();
  const now = Date.now();
  const due = (await listAccounts()).filter((a) => shouldAutoRefresh(a, now, { refreshWithinDays: settings.refreshWithinDays }));
  if (due.length && !(await isUnlocked())) {
    await setWaiting([...(await waitingForUnlock()), ...due.map((a) => a.id)]);
  } else {
    for (const a of due) await refreshAccount(a.id, { trigger: 'alarm' }).catch(() => undefined);
  }
  await scheduleAutoRefresh();
}

/** After unlock: run the refreshes that were waiting for the vault. */
export async function runWaiting(): Promise<void> {
  const ids = await waitingForUnlock();
  for (const id of ids) await refreshAccount(id, { trigger: 'unlock' }).catch(() => undefined);
}

/** The next alarm: the earliest auto-refresh moment, and at least hourly for status changes. */
export async function scheduleAutoRefresh(): Promise<void> {
  const settings = await getSettings();
  const now = Date.now();
  const next = nextAutoRefreshAt(await listAccounts(), now, { refreshWithinDays: settings.refreshWithinDays });
  const hourly = now + 60 * 60_000;
  const when = Math.max(now + 30_000, Math.min(next ?? hourly, hourly));
  await chrome.alarms.create(AUTO_REFRESH_ALARM, { when });
}
