import { send } from '../../shared/messages';
import { t, tp } from '../../shared/i18n';
import { StatusLine } from '../components/StatusLine';
import { ErrorNotice } from '../components/ErrorNotice';
import { useLive, setPortName } from '../components/live';
import { LeakList } from '../components/LeakList';
import { useAction } from '../components/useAsync';
import { toJsonLine, toSarif } from '../../core/leaks/report';

function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Findings({ tabId }: { tabId: number }) {
  const leaks = useLive(['leaks'], () => send('leaks.list', { tabId }), [tabId]);
  const act = useAction();
  // Same formats as the `scan` command line (core/leaks/report), built here in the page.
  const exportAs = (format: 'json' | 'sarif') => {
    const findings = leaks.data?.findings ?? [];
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    if (format === 'sarif') download(`mp-leaks-${stamp}.sarif`, JSON.stringify(toSarif(findings, { artifactUri: `tab-${tabId}` }), null, 2), 'application/sarif+json');
    else download(`mp-leaks-${stamp}.jsonl`, findings.map((f) => toJsonLine(f) + '\n').join(''), 'application/x-ndjson');
  };
  const d = leaks.data;
  return (
    <>
      <div class="row toolbar">
        <span data-testid="panel-count" aria-live="polite">{tp('panelCount', d?.findings.length ?? 0)}</span>
        <button type="button" onClick={() => exportAs('json')} disabled={!d?.findings.length}>{t('exportJson')}</button>
        <button type="button" onClick={() => exportAs('sarif')} disabled={!d?.findings.length}>{t('exportSarif')}</button>
        <button type="button" onClick={() => act.run(() => send('leaks.clear', { tabId })).then(leaks.reload)} disabled={!d?.findings.length}>{t('clearFindings')}</button>
      </div>
      <ErrorNotice error={leaks.error ?? act.error} />
      {d && <LeakList data={d} full={true} onChanged={leaks.reload} />}
    </>
  );
}

export function Panel({ tabId }: { tabId: number | null }) {
  if (tabId !== null) setPortName(`panel:${tabId}`);
  return (
    <main data-tab-id={tabId ?? ''}>
      <h1>{t('panelTitle')}</h1>
      <p class="hint">{t('panelIntro')}</p>
      {tabId === null ? <p class="notice notice-warn">{t('panelNoTab')}</p> : <Findings tabId={tabId} />}
      <StatusLine />
    </main>
  );
}
