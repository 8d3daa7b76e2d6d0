import { useEffect } from 'preact/hooks';
import { send } from '../../shared/messages';
import type { AccountStatus, AccountView } from '../../shared/api';
import { t } from '../../shared/i18n';
import { countdownText, dateTime, dateTimeIfNotToday } from '../../shared/format';
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

export function AccountRow({ account, now }: { account: AccountView; now: number }) {
  const refresh = useAction();
  const relink = useAction();
  const name = account.nickname ?? t('unknownNickname');
  const doRefresh = (confirmRetry = false) => refresh.run(() => send('accounts.refresh', { accountId: account.id, confirmRetry }));
  const doRelink = () => relink.run(() => send('accounts.link', { appId: account.appId, relinkAccountId: account.id }));
  // A success (refresh or re-link, from here or from elsewhere) makes earlier click errors stale.
  useEffect(() => {
    refresh.setError(null);
    relink.setError(null);
  }, [account.lastRefreshAt, account.linkedAt]);

  const actionError = refresh.error ?? relink.error;
  const last = account.lastError;
  // The stored failure, unless the click's own error already says the same thing (it is fresher).
  const showLast =
    last && account.status !== 'needs_relink' && account.status !== 'outcome_unknown' && actionError?.code !== last.code;
  const retryAt = last?.retryAfter !== undefined ? last.at + last.retryAfter * 1000 : null;
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
      {account.status === 'outcome_unknown' && <p class="notice notice-warn">{t('outcomeUnknownExplain')}</p>}
      {account.status === 'needs_relink' && <p class="notice notice-error">{t('needsRelinkExplain')}</p>}
      {showLast && (
        <ErrorNotice announce={false} error={{ code: last.code, params: last.advice ? { advice: last.advice } : {} }} />
      )}
      {retryAt !== null && retryAt > now && (
        <p class="notice notice-warn" data-testid="retry-after">{t('rateLimitedUntil', dateTimeIfNotToday(retryAt, now))}</p>
      )}
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
          <button type="button" class="small" disabled={refresh.busy} onClick={() => doRefresh()} aria-label={`${refresh.busy ? t('refreshing') : t('refreshNow')}: ${name}`}>
            <RefreshIcon />
            {refresh.busy ? t('refreshing') : t('refreshNow')}
          </button>
        )}
      </div>
      <ErrorNotice error={actionError} />
      <AccountHistory account={account} />
    </li>
  );
}
