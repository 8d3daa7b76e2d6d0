import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { send } from '../../shared/messages';
import type { AppView } from '../../shared/api';
import { t } from '../../shared/i18n';
import { countdownText, tickMs, timeOfDay } from '../../shared/format';
import { StatusLine } from '../components/StatusLine';
import { VaultGate } from '../components/VaultGate';
import { ErrorNotice } from '../components/ErrorNotice';
import { AccountRow } from '../components/AccountRow';
import { useLive } from '../components/live';
import { useAction } from '../components/useAsync';
import { LeaksSection } from './LeaksSection';

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

function AppTokenRow({ app, now }: { app: AppView; now: number }) {
  const renew = useAction();
  const tok = app.appToken!;
  const level = tok.status === 'ok' ? 'ok' : tok.status === 'expiring_soon' ? 'warning' : 'critical';
  return (
    <li class="account" data-testid="app-token-row">
      <div class="row">
        <strong>{app.name}</strong>
        <span class="hint">{t('appTokenLabel')}</span>
      </div>
      <div class="row">
        <span class={`status status-${level}`}>{t(`appTokenStatus_${tok.status}`)}</span>
        <span class="countdown">{countdownText(tok.expiresAt, now)}</span>
        <button type="button" disabled={renew.busy} onClick={() => renew.run(() => send('apps.appToken', { appId: app.id }))}>{t('renew')}</button>
      </div>
      <ErrorNotice error={renew.error} />
    </li>
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
  const reminders = (o?.apps ?? []).filter((a) => a.renewal.reminderDue || a.renewal.inGrace);
  return (
    <main>
      <header class="row popup-header">
        <h1>{t('popupTitle')}</h1>
        {v?.state === 'unlocked' && v.mode === 'passphrase' && (
          <button type="button" onClick={() => lockAction.run(() => send('vault.lock', {})).then(overview.reload)}>
            <span aria-hidden="true">🔒 </span>
            {t('vaultLockNow')}
          </button>
        )}
      </header>
      <ErrorNotice error={overview.error ?? lockAction.error} />
      {v && <VaultGate state={v} onChange={overview.reload} />}
      {v && v.state !== 'uninitialized' && (
        <p class="hint" data-testid="vault-mode">
          {v.mode === 'device' ? t('vaultModeDevice') : t('vaultModePassphrase')}
          {v.state === 'unlocked' ? ` · ${t('vaultUnlockedStatus')}` : ''}
        </p>
      )}
      {o?.interruptedFlow && (
        <div class="notice notice-warn" role="status">
          <p>{t('flowInterrupted')}</p>
          <button type="button" class="link" onClick={() => send('flow.dismissInterrupted', {}).then(overview.reload)}>{t('dismiss')}</button>
        </div>
      )}
      {o && (
        <section aria-labelledby="accounts-title">
          <h2 id="accounts-title">{t('accountsTitle')}</h2>
          {o.accounts.length === 0 ? (
            <p class="hint">
              {t('noAccounts')}{' '}
              <button type="button" class="link" onClick={openOptions}>{t('openOptions')}</button>
            </p>
          ) : (
            <ul class="accounts" data-testid="accounts">
              {o.accounts.map((a) => (
                <AccountRow key={a.id} account={a} now={now} />
              ))}
            </ul>
          )}
          {o.apps.some((a) => a.appToken) && (
            <ul class="accounts">
              {o.apps.filter((a) => a.appToken).map((a) => (
                <AppTokenRow key={a.id} app={a} now={now} />
              ))}
            </ul>
          )}
          {reminders.map((a) => (
            <p key={a.id} class="notice notice-warn" role="status" data-testid="renewal-reminder">
              {a.renewal.inGrace && a.renewal.graceEndsAt
                ? t('graceCountdown', [a.name, timeOfDay(a.renewal.graceEndsAt)])
                : a.renewal.daysSinceRenewal === null
                  ? t('renewalUnknown', a.name)
                  : t('renewalReminder', [a.name, String(a.renewal.daysSinceRenewal)])}
            </p>
          ))}
        </section>
      )}
      <LeaksSection />
      <footer class="row popup-footer">
        <button type="button" class="link" onClick={openOptions}>{t('openOptions')}</button>
        <StatusLine />
      </footer>
    </main>
  );
}
