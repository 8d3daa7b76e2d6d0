import { useEffect, useState } from 'preact/hooks';
import { send, type ErrorValue } from '../../shared/messages';
import type { AccountStatus, AccountView } from '../../shared/api';
import { t } from '../../shared/i18n';
import { countdownText, dateTime, secondsLeft, spanText } from '../../shared/format';
import { ErrorNotice } from './ErrorNotice';
import { useAction } from './useAsync';
import { CopyButton } from './SecretActions';
import { CheckIcon, CriticalIcon, ExpiredIcon, LinkIcon, LockIcon, QuestionIcon, RefreshIcon, WarningIcon } from './icons';

const LEVEL: Record<AccountStatus, 'ok' | 'warning' | 'critical' | 'muted'> = {
  ok: 'ok',
  expiring_soon: 'warning',
  expired: 'critical',
  needs_relink: 'critical',
  refresh_failed: 'warning',
  outcome_unknown: 'warning',
  locked: 'muted',
};
const ICON: Record<AccountStatus, (p: { label?: string }) => preact.JSX.Element> = {
  ok: CheckIcon,
  expiring_soon: WarningIcon,
  expired: ExpiredIcon,
  needs_relink: LinkIcon,
  refresh_failed: CriticalIcon,
  outcome_unknown: QuestionIcon,
  locked: LockIcon,
};

/** Events shown in the row's history (the background keeps more; see TIMELINE_CAP in core). */
const HISTORY_SHOWN = 20;

/** Status in words, with an icon and a colour: never colour alone. */
export function StatusTag({ status }: { status: AccountStatus }) {
  const Icon = ICON[status];
  return (
    <span class={`status status-${LEVEL[status]}`} data-status={status}>
      <Icon />
      {t(`status_${status}`)}
    </span>
  );
}

export function LiveBadge({ live }: { live: boolean }) {
  return <span class={`badge ${live ? 'badge-live' : 'badge-test'}`}>{live ? t('badgeLive') : t('badgeTest')}</span>;
}

/** What happened to this account, newest first, with masked values only. */
export function AccountHistory({ account }: { account: AccountView }) {
  return (
    <details class="history">
      <summary>{t('historyTitle')}</summary>
      <p class="hint">{t('historyNote', HISTORY_SHOWN)}</p>
      {account.timeline.length === 0 ? (
        <p class="hint">{t('historyEmpty')}</p>
      ) : (
        <ol class="timeline" data-testid="timeline">
          {account.timeline.slice(0, HISTORY_SHOWN).map((e, i) => (
            <li key={`${e.at}-${i}`} data-kind={e.kind}>
              <time dateTime={new Date(e.at).toISOString()}>{dateTime(e.at)}</time> · {t(`timeline_${e.kind}`)}
              {e.masked && <> · <span class="mono">{e.masked}</span></>}
              {e.code && <> · <span class="hint">{e.code}</span></>}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}

/** Urgency rank of a status for sorting rows: critical first, then warnings, then the rest. */
export function urgency(status: AccountStatus): number {
  return { critical: 0, warning: 1, muted: 2, ok: 3 }[LEVEL[status]];
}

/** Re-renders every second until `at` has passed; returns the current time. */
function useClockUntil(at: number | null): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (at === null || at <= Date.now()) return;
    const id = setInterval(() => {
      const n = Date.now();
      setNow(n);
      if (n >= at) clearInterval(id);
    }, 1000);
    return () => clearInterval(id);
  }, [at]);
  return Math.max(now, Date.now());
}

/**
 * The one notice a row shows about its refresh: what the click got back or what the background
 * stored, never both (the click's error when it is about something else, e.g. a locked vault). A click whose answer was lost because the background stopped
 * gives way to the state the background recorded since (e.g. "refresh interrupted").
 */
export function rowNotice(
  stored: ErrorValue | null,
  action: ErrorValue | null,
  storedAt: number | null,
  actionAt: number,
): ErrorValue | null {
  if (!action) return stored;
  // The same failure as stored: the stored one is kept current (e.g. a 429 whose wait ended).
  if (stored && action.code === stored.code) return stored;
  if (action.code === 'background_unreachable' && stored && storedAt !== null && storedAt >= actionAt) return stored;
  return action;
}

export function AccountRow({ account, now: pageNow }: { account: AccountView; now: number }) {
  const refresh = useAction();
  const relink = useAction();
  const [actionAt, setActionAt] = useState(0);
  // The account's last success when the user clicked: once it moves (a refresh or re-link that
  // worked, from here or elsewhere), that click's error is stale, in the very render that shows it
  // (the next click starts from a fresh stamp and a cleared error).
  const successStamp = `${account.lastRefreshAt ?? ''}|${account.linkedAt}`;
  const [clickStamp, setClickStamp] = useState(successStamp);
  const name = account.nickname ?? t('unknownNickname');
  const doRefresh = (confirmRetry = false) => {
    setActionAt(Date.now());
    setClickStamp(successStamp);
    return refresh.run(() => send('accounts.refresh', { accountId: account.id, confirmRetry }));
  };
  const doRelink = () => {
    setActionAt(Date.now());
    setClickStamp(successStamp);
    return relink.run(() => send('accounts.link', { appId: account.appId, relinkAccountId: account.id }));
  };

  const last = account.lastError;
  // Mercado Pago asked to wait (429): a live countdown, and no refresh until it ends.
  const retryAt = last?.retryAfter !== undefined ? last.at + last.retryAfter * 1000 : null;
  const clock = useClockUntil(retryAt);
  const now = retryAt !== null ? Math.max(pageNow, clock) : pageNow;
  const waiting = retryAt !== null && retryAt > now;
  const stored: ErrorValue | null = last
    ? {
        code: last.code,
        params: { advice: last.code === 'local_rate_limited' && retryAt !== null && !waiting ? 'rate_limit_over' : (last.advice ?? '') },
      }
    : null;
  // Announced (role=alert) when it answers the user's own click; a stored one is only shown.
  const clickError = clickStamp === successStamp ? (refresh.error ?? relink.error) : null;
  const notice = rowNotice(stored, clickError, last?.at ?? null, actionAt);
  const showWait = waiting && notice?.code === 'local_rate_limited';
  return (
    <li class="account" data-testid="account-row" data-account-id={account.id} data-status={account.status}>
      <div class="row account-head">
        <strong class="account-name">{name}</strong>
        <LiveBadge live={account.liveMode} />
        <StatusTag status={account.status} />
        <span class="countdown" data-testid="countdown" title={dateTime(account.accessExpiresAt)}>
          {countdownText(account.accessExpiresAt, now)}
        </span>
      </div>
      <div class="hint account-meta">
        {account.appName} · #{account.userId}
        {account.siteId && <> · {t(`site_${account.siteId}`)}</>}
        {account.profileError && <> · {t('profileUnavailable')}</>}
      </div>
      {account.waitingForUnlock && <p class="notice notice-warn" role="status">{t('unlockToRefresh')}</p>}
      <ErrorNotice error={notice} announce={clickError !== null && notice?.code === clickError.code}>
        {showWait && retryAt !== null && (
          <p class="notice-next" role="timer" aria-live="off" data-testid="retry-after" data-seconds={secondsLeft(retryAt, now)}>
            {t('rateLimitedCountdown', spanText(retryAt - now))}
          </p>
        )}
      </ErrorNotice>
      <div class="row account-actions">
        <span class="mono">{account.maskedAccess}</span>
        {account.status !== 'locked' && <CopyButton secret={{ kind: 'access', id: account.id }} label={t('accessTokenOf', name)} />}
        {account.status === 'needs_relink' ? (
          <button type="button" class="primary small" disabled={relink.busy} onClick={doRelink} aria-label={`${t('relink')}: ${name}`}>
            <LinkIcon />
            {t('relink')}
          </button>
        ) : account.status === 'outcome_unknown' ? (
          <button type="button" class="primary small" disabled={refresh.busy} onClick={() => doRefresh(true)} aria-label={`${t('retryOnce')}: ${name}`}>
            <RefreshIcon />
            {t('retryOnce')}
          </button>
        ) : account.status === 'locked' ? null : (
          <button type="button" class="small" disabled={refresh.busy || waiting} onClick={() => doRefresh()} aria-label={`${refresh.busy ? t('refreshing') : t('refreshNow')}: ${name}`}>
            <RefreshIcon />
            {refresh.busy ? t('refreshing') : t('refreshNow')}
          </button>
        )}
      </div>
      <AccountHistory account={account} />
    </li>
  );
}
