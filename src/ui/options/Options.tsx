import { useEffect, useState } from 'preact/hooks';
import { send } from '../../shared/messages';
import { t } from '../../shared/i18n';
import { StatusLine } from '../components/StatusLine';
import { ErrorNotice } from '../components/ErrorNotice';
import { useLive, setPortName } from '../components/live';
import { VaultSection } from './VaultSection';
import { SettingsSection } from './SettingsSection';
import { AppsSection } from './AppsSection';

setPortName('options:all');

export function Options() {
  const overview = useLive(['vault', 'apps', 'accounts'], () => send('overview', {}));
  const settings = useLive(['settings'], () => send('settings.get', {}));
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  const o = overview.data;
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <StatusLine />
      <ErrorNotice error={overview.error ?? settings.error} />
      {o && <VaultSection state={o.vault} reload={overview.reload} />}
      {o && o.vault.state !== 'uninitialized' && <AppsSection overview={o} reload={overview.reload} now={now} />}
      {settings.data && <SettingsSection settings={settings.data} reload={settings.reload} />}
    </main>
  );
}
