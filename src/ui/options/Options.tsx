import { useEffect, useRef, useState } from 'preact/hooks';
import { send } from '../../shared/messages';
import { t } from '../../shared/i18n';
import { StatusLine } from '../components/StatusLine';
import { ErrorNotice } from '../components/ErrorNotice';
import { useLive, setPortName } from '../components/live';
import { CheckIcon } from '../components/icons';
import { VaultSection } from './VaultSection';
import { SettingsSection } from './SettingsSection';
import { AppsSection } from './AppsSection';
import { Onboarding } from './onboarding';

setPortName('options:all');

export function Options() {
  const overview = useLive(['vault', 'apps', 'accounts'], () => send('overview', {}));
  const settings = useLive(['settings'], () => send('settings.get', {}));
  const [now, setNow] = useState(Date.now());
  const [vaultReady, setVaultReady] = useState(false);
  const prevState = useRef<string | null>(null);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const o = overview.data;
  // The vault was just created here: confirm it, and move on to the next step (Applications).
  useEffect(() => {
    const state = o?.vault.state ?? null;
    if (prevState.current === 'uninitialized' && state === 'unlocked') {
      setVaultReady(true);
      requestAnimationFrame(() => document.getElementById('apps-title')?.focus());
    }
    prevState.current = state;
  }, [o?.vault.state]);
  const exists = !!o && o.vault.state !== 'uninitialized';
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <StatusLine />
      <ErrorNotice error={overview.error ?? settings.error} />
      {o && <Onboarding overview={o} />}
      <p role="status" class="notice-slot">
        {vaultReady && (
          <span class="notice notice-ok" data-testid="vault-ready">
            <span class="notice-icon">
              <CheckIcon />
            </span>
            {t('vaultReadyNext')}
          </span>
        )}
      </p>
      {/* Once the vault exists, Applications come first; Vault (passphrase, backup) after them. */}
      {o && exists && <AppsSection overview={o} reload={overview.reload} now={now} />}
      {o && <VaultSection state={o.vault} reload={overview.reload} />}
      {settings.data && <SettingsSection settings={settings.data} reload={settings.reload} />}
    </main>
  );
}
