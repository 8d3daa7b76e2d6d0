import { t } from '../../shared/i18n';
import { StatusLine } from '../components/StatusLine';

export function Popup() {
  return (
    <main>
      <h1>{t('popupTitle')}</h1>
      <StatusLine />
    </main>
  );
}
