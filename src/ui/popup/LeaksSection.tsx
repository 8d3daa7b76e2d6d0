import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { send } from '../../shared/messages';
import { t, tp } from '../../shared/i18n';
import { useLive } from '../components/live';
import { LeakList } from '../components/LeakList';
import { ErrorNotice } from '../components/ErrorNotice';
import { CheckIcon } from '../components/icons';

/** The tab the popup belongs to: `?tabId=` when given (tests, links), else the active tab. */
export async function currentTabId(): Promise<number | null> {
  const q = Number(new URLSearchParams(location.search).get('tabId'));
  if (Number.isInteger(q) && q >= 0 && new URLSearchParams(location.search).has('tabId')) return q;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

/**
 * This tab's critical and warning findings, first thing in the popup; informational ones are only
 * counted (the DevTools panel lists them).
 */
function Leaks({ tabId }: { tabId: number }) {
  const leaks = useLive(['leaks'], () => send('leaks.list', { tabId }), [tabId]);
  const [help, setHelp] = useState(false);
  const d = leaks.data;
  const serious = d ? d.findings.filter((f) => f.severity !== 'info') : [];
  const info = d ? d.findings.length - serious.length : 0;
  return (
    <section aria-labelledby="leaks-title" data-testid="popup-leaks" class="popup-leaks" data-serious={serious.length}>
      <ErrorNotice error={leaks.error} />
      {d && serious.length > 0 && (
        <>
          <h2 id="leaks-title">{t('leaksTitle')}</h2>
          <LeakList data={{ ...d, findings: serious }} full={false} onChanged={leaks.reload} />
        </>
      )}
      {d && serious.length === 0 && (
        <p class="hint row" id="leaks-title" data-testid="no-leaks">
          <CheckIcon class="status-ok" />
          {t('noLeaks')}
        </p>
      )}
      {info > 0 && <p class="hint">{tp('leaksInfoCount', info)}</p>}
      {d && d.findings.length > 0 && (
        <>
          <button type="button" class="link" aria-expanded={help} onClick={() => setHelp(!help)}>{t('panelHowTo')}</button>
          {help && <p class="hint">{t('panelInstructions')}</p>}
        </>
      )}
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
