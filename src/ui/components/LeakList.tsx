import { useEffect, useState } from 'preact/hooks';
import { send } from '../../shared/messages';
import type { LeakView, TabLeaks } from '../../shared/api';
import { t, tp } from '../../shared/i18n';
import { dateTime } from '../../shared/format';
import { ErrorNotice } from './ErrorNotice';
import { useAction } from './useAsync';
import { tRich } from './rich';
import { axiosSnippet, fetchSnippet, snippetRequest } from './snippet';
import { CriticalIcon, InfoIcon, WarningIcon } from './icons';

const SEV_ICON = { critical: CriticalIcon, warning: WarningIcon, info: InfoIcon } as const;

export function SeverityTag({ severity }: { severity: LeakView['severity'] }) {
  const cls = severity === 'critical' ? 'critical' : severity === 'warning' ? 'warning' : 'muted';
  const Icon = SEV_ICON[severity];
  return (
    <span class={`status status-${cls}`} data-severity={severity}>
      <Icon />
      {t(`severity_${severity}`)}
    </span>
  );
}

/** Where the credential was: "in the query string, parameter <code>access_token</code>". */
export function WhereText({ f }: { f: LeakView }) {
  const loc = t(`leakLoc_${f.location}`);
  return <span>{f.param ? tRich('leakWhereParam', [loc, <code>{f.param}</code>]) : loc}</span>;
}

export function fixText(f: LeakView): string {
  const localized = t(`fix_${f.fixId}`);
  return localized === `fix_${f.fixId}` ? f.fix : localized;
}

async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // DevTools frames extension panels without the clipboard-write permission policy: fall back
    // to a selection copy, which the click's user activation allows.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

/** A code sample with its own Copy button and a visible, announced confirmation. */
function CodeSample({ label, code }: { label: string; code: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <figure class="sample" data-testid="snippet" data-lang={label}>
      <figcaption class="row">
        <span class="hint">{label}</span>
        <button type="button" class="small" aria-label={t('copySnippet', label)} onClick={() => copyText(code).then(() => setState('copied'), () => setState('failed'))}>
          {t('copy')}
        </button>
        <span role="status" class={state === 'failed' ? 'status status-critical' : 'status status-ok'} data-testid="snippet-copied">
          {state === 'copied' ? t('copiedSnippet') : state === 'failed' ? t('copySnippetFailed') : ''}
        </span>
      </figcaption>
      <pre class="mono snippet"><code>{code}</code></pre>
    </figure>
  );
}

/** The fix as code: the same request from a backend, the credential in the Authorization header. */
function Snippet({ f }: { f: LeakView }) {
  if (f.kind !== 'access_token' && f.kind !== 'bearer_token') return null;
  const req = snippetRequest(f.url, f.location, f.param, f.method) ?? { url: 'https://api.mercadopago.com/v1/payments/search', method: 'GET' };
  return (
    <div class="samples">
      <CodeSample label="fetch" code={fetchSnippet(req, t('snippetBackend'))} />
      <CodeSample label="axios" code={axiosSnippet(req, t('snippetBackend'))} />
    </div>
  );
}

function LeakItem({ f, tabId, full, onChanged }: { f: LeakView; tabId: number; full: boolean; onChanged: () => void }) {
  const ignore = useAction();
  const refresh = useAction();
  const ignoreOrigin = useAction();
  const [open, setOpen] = useState(false);
  let origin: string | null = null;
  try {
    origin = new URL(f.url).origin;
  } catch {
    /* none */
  }
  return (
    <li class="leak" data-testid="leak" data-severity={f.severity} data-kind={f.kind} data-location={f.location}>
      <div class="row">
        <SeverityTag severity={f.severity} />
        <strong>{t(`leakKind_${f.kind}`)}</strong>
        <WhereText f={f} />
        {f.count > 1 && (
          <span class="hint" title={tp('leakSeenTimes', f.count)}>
            <span aria-hidden="true">×{f.count}</span>
            <span class="sr-only">{tp('leakSeenTimes', f.count)}</span>
          </span>
        )}
      </div>
      <div class="mono leak-url">{f.url}</div>
      {f.account && (
        <div class="notice notice-error" data-testid="leak-account">
          <p>{t('leakIsSellerToken', f.account.nickname ?? `#${f.account.userId}`)}</p>
          <button
            type="button"
            disabled={refresh.busy}
            aria-label={`${t('refreshNow')}: ${f.account.nickname ?? `#${f.account.userId}`}`}
            onClick={() => refresh.run(() => send('accounts.refresh', { accountId: f.account!.id }))}
          >
            {t('refreshNow')}
          </button>
          <ErrorNotice error={refresh.error} />
        </div>
      )}
      <p class="fix">
        <strong>{t('fixLabel')}</strong> {fixText(f)}
      </p>
      {full && (
        <>
          <button type="button" class="link" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? t('hideDetails') : t('showDetails')}
          </button>
          {open && (
            <dl class="facts">
              <dt>{t('leakCredential')}</dt>
              <dd class="mono">{f.masked}</dd>
              <dt>{t('leakMethod')}</dt>
              <dd>{f.method}</dd>
              <dt>{t('leakInitiator')}</dt>
              <dd>{f.initiator ?? t('unknown')}</dd>
              <dt>{t('leakCount')}</dt>
              <dd>{f.count}</dd>
              <dt>{t('leakFirstSeen')}</dt>
              <dd>{dateTime(f.firstSeen)}</dd>
              <dt>{t('leakLastSeen')}</dt>
              <dd>{dateTime(f.lastSeen)}</dd>
              <dt>{t('leakFingerprint')}</dt>
              <dd class="mono">{f.fingerprint}</dd>
            </dl>
          )}
          {open && <Snippet f={f} />}
          <div class="row">
            <button type="button" disabled={ignore.busy} onClick={() => ignore.run(() => send('leaks.ignore', { tabId, key: f.key })).then(onChanged)}>
              {t('ignoreFinding')}
            </button>
            {origin && (
              <button type="button" disabled={ignoreOrigin.busy} onClick={() => ignoreOrigin.run(() => send('leaks.ignoredOrigins', { add: origin! })).then(onChanged)}>
                {t('ignoreOrigin', origin)}
              </button>
            )}
          </div>
          <ErrorNotice error={ignore.error ?? ignoreOrigin.error} />
        </>
      )}
    </li>
  );
}

export function LeakList({ data, full, onChanged }: { data: TabLeaks; full: boolean; onChanged: () => void }) {
  const shown = full ? data.findings : data.findings.filter((f) => f.severity !== 'info').concat(data.findings.filter((f) => f.severity === 'info')).slice(0, 10);
  return (
    <>
      {data.dropped > 0 && (
        <p class="notice notice-warn" role="status" data-testid="leaks-dropped">
          {tp('leaksDropped', data.dropped, [data.limits.perTab])}
        </p>
      )}
      {data.findings.length === 0 ? (
        <p class="hint" data-testid="no-leaks">{t('noLeaks')}</p>
      ) : (
        <ul class="leaks" data-testid="leaks" aria-live="polite">
          {shown.map((f) => (
            <LeakItem key={f.key} f={f} tabId={data.tabId} full={full} onChanged={onChanged} />
          ))}
        </ul>
      )}
      {!full && data.findings.length > shown.length && <p class="hint">{tp('moreInPanel', data.findings.length - shown.length)}</p>}
    </>
  );
}
