import { send } from '../../shared/messages';
import { t } from '../../shared/i18n';
import { StatusLine } from '../components/StatusLine';
import { VaultGate } from '../components/VaultGate';
import { ErrorNotice } from '../components/ErrorNotice';
import { useLive } from '../components/live';
import { useAction } from '../components/useAsync';

export function Popup() {
  const vault = useLive(['vault'], () => send('vault.state', {}));
  const lockAction = useAction();
  const v = vault.data;
  return (
    <main>
      <header class="row popup-header">
        <h1>{t('popupTitle')}</h1>
        {v?.state === 'unlocked' && v.mode === 'passphrase' && (
          <button type="button" onClick={() => lockAction.run(() => send('vault.lock', {})).then(vault.reload)}>
            <span aria-hidden="true">🔒 </span>
            {t('vaultLockNow')}
          </button>
        )}
      </header>
      <ErrorNotice error={vault.error ?? lockAction.error} />
      {v && <VaultGate state={v} onChange={vault.reload} />}
      {v && v.state !== 'uninitialized' && (
        <p class="hint" data-testid="vault-mode">
          {v.mode === 'device' ? t('vaultModeDevice') : t('vaultModePassphrase')}
          {v.state === 'unlocked' ? ` · ${t('vaultUnlockedStatus')}` : ''}
        </p>
      )}
      <StatusLine />
    </main>
  );
}
