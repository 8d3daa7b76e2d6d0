import { t } from '../../shared/i18n';
import { StatusLine } from '../components/StatusLine';

export function Options() {
  return (
    <main>
      <h1>{t('optionsTitle')}</h1>
      <StatusLine />
    </main>
  );
}
