import { t } from '../../shared/i18n';
import { StatusLine } from '../components/StatusLine';

export function Panel({ tabId }: { tabId: number | null }) {
  return (
    <main data-tab-id={tabId ?? ''}>
      <h1>{t('panelTitle')}</h1>
      <StatusLine />
    </main>
  );
}
