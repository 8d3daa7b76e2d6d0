import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { send } from '../../shared/messages';
import { t } from '../../shared/i18n';
import { useLive } from '../components/live';
import { LeakList } from '../components/LeakList';
import { ErrorNotice } from '../components/ErrorNotice';

/** The tab the popup belongs to: `?tabId=` when given (tests, links), else the active tab. */
async function currentTabId(): Promise<number | null> {
  const q = Number(new URLSearchParams(location.search).get('tabId'));
  if (Number.isInteger(q) && q >= 0 && new URLSearchParams(location.search).has('tabId')) return q;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

function Leaks({ tabId }: { tabId: number }) {
  const leaks = useLive(['leaks'], () => send('leaks.list', { tabId }), [tabId]);
  const [help, setHelp] = useState(false);
  return (
    <section aria-labelledby="leaks-title" data-testid="popup-leaks">
      <h2 id="leaks-title">{t('leaksTitle')}</h2>
      <ErrorNotice error={leaks.error} />
      {leaks.data && <LeakList data={leaks.data} full={false} onChanged={leaks.reload} />}
      <button type="button" class="link" aria-expanded={help} onClick={() => setHelp(!help)}>{t('panelHowTo')}</button>
      {help && <p class="hint">{t('panelInstructions')}</p>}
    </section>
  );
}

export function LeaksSection() {
  const [tabId, setTabId] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    currentTabId().then(setTabId, () => setTabId(null));
  }, []);
  if (tabId === undefined || tabId === null) return null;
  return <Leaks tabId={tabId} />;
}
