import { send } from '../../shared/messages';
import { t } from '../../shared/i18n';
import { StatusLine } from '../components/StatusLine';
import { ErrorNotice } from '../components/ErrorNotice';
import { useLive, setPortName } from '../components/live';
import { VaultSection } from './VaultSection';
import { SettingsSection } from './SettingsSection';

setPortName('options:all');

export function Options() {
  const vault = useLive(['vault'], () => send('vault.state', {}));
  const settings = useLive(['settings'], () => send('settings.get', {}));
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <StatusLine />
      <ErrorNotice error={vault.error ?? settings.error} />
      {vault.data && <VaultSection state={vault.data} reload={vault.reload} />}
      {settings.data && <SettingsSection settings={settings.data} reload={settings.reload} />}
    </main>
  );
}
