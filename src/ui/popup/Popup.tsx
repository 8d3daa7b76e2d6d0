import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { send } from '../../shared/messages';
import type { AccountView, AppView, Overview } from '../../shared/api';
import { t, tp } from '../../shared/i18n';
import { countdownText, timeOfDay, tickMs } from '../../shared/format';
import { StatusLine } from '../components/StatusLine';
import { VaultGate } from '../components/VaultGate';
import { ErrorNotice } from '../components/ErrorNotice';
import { AccountRow, urgency } from '../components/AccountRow';
import { CopyButton } from '../components/SecretActions';
import { useLive } from '../components/live';
import { useAction } from '../components/useAsync';
import { CheckIcon, CriticalIcon, LockIcon, RefreshIcon, SearchIcon, SettingsIcon, WarningIcon } from '../components/icons';
import { LeaksSection } from './LeaksSection';

/** Rows shown before the filter box appears. */
export const FILTER_AFTER = 5;

/** The current time for countdowns; re-read whenever `data` changes so fresh expiries never look longer than they are. */
function useNow(expiries: number[], data: unknown): number {
  const [now, setNow] = useState(Date.now());
  const period = tickMs(expiries, now);
  useEffect(() => setNow(Date.now()), [data]);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), period);
    return () => clearInterval(id);
  }, [period]);
  return now;
}

const APP_TOKEN_LEVEL = { ok: 3, expiring_soon: 1, expired: 0 } as const;

function AppTokenRow({ app, now }: { app: AppView; now: number }) {
  const renew = useAction();
  const tok = app.appToken!;
  const level = tok.status === 'ok' ? 'ok' : tok.status === 'expiring_soon' ? 'warning' : 'critical';
  const Icon = level === 'ok' ? CheckIcon : level === 'warning' ? WarningIcon : CriticalIcon;
  const who = `${t('appTokenLabel')} — ${app.name}`;
  return (
    <li class="account" data-testid="app-token-row">
      <div class="row account-head">
        <strong class="account-name">{app.name}</strong>
        <span class={`status status-${level}`}>
          <Icon />
          {t(`appTokenStatus_${tok.status}`)}
        </span>
        <span class="countdown">{countdownText(tok.expiresAt, now)}</span>
      </div>
      <div class="hint account-meta">{t('appTokenLabel')}</div>
      <div class="row account-actions">
        <span class="mono">{tok.maskedAccess}</span>
        <CopyButton secret={{ kind: 'appToken', id: app.id }} label={who} />
        <button type="button" class="small" disabled={renew.busy} onClick={() => renew.run(() => send('apps.appToken', { appId: app.id }))} aria-label={`${t('appTokenNew')}: ${who}`}>
          <RefreshIcon />
          {t('appTokenNew')}
        </button>
      </div>
      <ErrorNotice error={renew.error} />
    </li>
  );
}

type Row = { kind: 'account'; account: AccountView; rank: number; at: number; text: string } | { kind: 'app'; app: AppView; rank: number; at: number; text: string };

/** Sellers and application tokens in one list, most urgent first (then soonest expiry). */
export function rowsByUrgency(o: Overview): Row[] {
  const rows: Row[] = [
    ...o.accounts.map((a): Row => ({
      kind: 'account',
      account: a,
      rank: urgency(a.status),
      at: a.accessExpiresAt,
      text: `${a.nickname ?? ''} ${a.userId} ${a.appName}`.toLowerCase(),
    })),
    ...o.apps.filter((a) => a.appToken).map((a): Row => ({
      kind: 'app',
      app: a,
      rank: APP_TOKEN_LEVEL[a.appToken!.status],
      at: a.appToken!.expiresAt,
      text: `${a.name} ${t('appTokenLabel')}`.toLowerCase(),
    })),
  ];
  return rows.sort((x, y) => x.rank - y.rank || x.at - y.at);
}

/** What the lock hides: how many sellers, and how many refreshes wait for the unlock. */
function LockedSummary({ o }: { o: Overview }) {
  const waiting = o.accounts.filter((a) => a.waitingForUnlock).length;
  if (o.accounts.length === 0) return null;
  return (
    <p class="notice notice-warn" data-testid="locked-waiting">
      <span class="notice-icon">
        <LockIcon />
      </span>
      <span>
        {tp('lockedSellers', o.accounts.length)}
        {waiting > 0 && ` ${tp('lockedRefreshesWaiting', waiting)}`}
      </span>
    </p>
  );
}

function Unlocked({ o, now, reload }: { o: Overview; now: number; reload: () => void }) {
  const [filter, setFilter] = useState('');
  const rows = rowsByUrgency(o);
  const q = filter.trim().toLowerCase();
  const shown = q ? rows.filter((r) => r.text.includes(q)) : rows;
  const reminders = o.apps.filter((a) => a.renewal.reminderDue || a.renewal.inGrace);
  const openOptions = () => void browser.runtime.openOptionsPage();
  return (
    <>
      {o.interruptedFlow && (
        <div class="notice notice-warn">
          <p>{t('flowInterrupted')}</p>
          <button type="button" class="link" onClick={() => send('flow.dismissInterrupted', {}).then(reload)}>{t('dismiss')}</button>
        </div>
      )}
      <LeaksSection />
      <section aria-labelledby="accounts-title" class="popup-accounts">
        <div class="row accounts-head">
          <h2 id="accounts-title">{t('accountsTitle')}</h2>
          {rows.length > FILTER_AFTER && (
            <span class="filter">
              <SearchIcon />
              <label for="popup-filter" class="sr-only">{t('filterLabel')}</label>
              <input id="popup-filter" type="search" value={filter} placeholder={t('filterPlaceholder')} onInput={(e) => setFilter(e.currentTarget.value)} data-testid="popup-filter" />
            </span>
          )}
        </div>
        <div class="popup-scroll" data-testid="popup-scroll" tabIndex={0} role="region" aria-labelledby="accounts-title">
          {o.accounts.length === 0 && (
            <p class="hint">
              {t('noAccounts')}{' '}
              <button type="button" class="link" onClick={openOptions}>{t('openOptions')}</button>
            </p>
          )}
          {rows.length > 0 && (
            <ul class="accounts" data-testid="accounts">
              {shown.map((r) =>
                r.kind === 'account' ? <AccountRow key={r.account.id} account={r.account} now={now} /> : <AppTokenRow key={`app-${r.app.id}`} app={r.app} now={now} />,
              )}
            </ul>
          )}
          {q && shown.length === 0 && <p class="hint">{t('filterNoMatch')}</p>}
          {reminders.map((a) => (
            <p key={a.id} class="notice notice-warn" data-testid="renewal-reminder">
              <span class="notice-icon">
                <WarningIcon />
              </span>
              <span>
                {a.renewal.inGrace && a.renewal.graceEndsAt
                  ? t('graceCountdown', [a.name, timeOfDay(a.renewal.graceEndsAt, now)])
                  : a.renewal.daysSinceRenewal === null
                    ? t('renewalUnknown', a.name)
                    : tp('renewalReminder', a.renewal.daysSinceRenewal, [a.name])}
              </span>
            </p>
          ))}
        </div>
      </section>
    </>
  );
}

export function Popup() {
  const overview = useLive(['vault', 'accounts', 'apps', 'settings'], () => send('overview', {}));
  const lockAction = useAction();
  const o = overview.data;
  const v = o?.vault;
  const now = useNow([...(o?.accounts ?? []).map((a) => a.accessExpiresAt), ...(o?.apps ?? []).flatMap((a) => (a.appToken ? [a.appToken.expiresAt] : []))], o);
  // Statuses change at boundaries (expiring soon, expired): re-read once a minute.
  useEffect(() => {
    const id = setInterval(overview.reload, 60_000);
    return () => clearInterval(id);
  }, [overview.reload]);
  const openOptions = () => void browser.runtime.openOptionsPage();
  return (
    <main class="popup" data-state={v?.state}>
      <header class="row popup-header">
        <h1>{t('popupTitle')}</h1>
        {v?.state === 'unlocked' && v.mode === 'passphrase' && (
          <button type="button" class="small" onClick={() => lockAction.run(() => send('vault.lock', {})).then(overview.reload)}>
            <LockIcon />
            {t('vaultLockNow')}
          </button>
        )}
      </header>
      <StatusLine />
      <ErrorNotice error={overview.error ?? lockAction.error} />
      {o && v && v.state === 'uninitialized' && (
        <>
          <VaultGate state={v} onChange={overview.reload} />
          <p class="hint">{t('popupFirstRunNext')}</p>
        </>
      )}
      {o && v && v.state === 'locked' && (
        <VaultGate state={v} onChange={overview.reload}>
          <LockedSummary o={o} />
        </VaultGate>
      )}
      {o && v && v.state === 'unlocked' && <Unlocked o={o} now={now} reload={overview.reload} />}
      <footer class="row popup-footer">
        <button type="button" class="link" onClick={openOptions}>
          <SettingsIcon />
          {t('openOptions')}
        </button>
        {v && v.state === 'unlocked' && (
          <span class="hint" data-testid="vault-mode">
            {v.mode === 'device' ? t('vaultModeDevice') : `${t('vaultModePassphrase')} · ${t('vaultUnlockedStatus')}`}
          </span>
        )}
      </footer>
    </main>
  );
}
