import { useState } from 'preact/hooks';
import { send } from '../../shared/messages';
import type { LeakView, TabLeaks } from '../../shared/api';
import { t, tp } from '../../shared/i18n';
import { dateTime } from '../../shared/format';
import { ErrorNotice } from './ErrorNotice';
import { useAction } from './useAsync';
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

export function whereText(f: LeakView): string {
  const loc = t(`leakLoc_${f.location}`);
  return f.param ? t('leakWhereParam', [loc, f.param]) : loc;
}

export function fixText(f: LeakView): string {
  const localized = t(`fix_${f.fixId}`);
  return localized === `fix_${f.fixId}` ? f.fix : localized;
}

/** The fix as code: the credential goes in the Authorization header, from a backend. */
function Snippet({ f }: { f: LeakView }) {
  if (f.kind !== 'access_token' && f.kind !== 'bearer_token') return null;
  let path = '/v1/payments/search';
  try {
    const u = new URL(f.url);
    path = u.pathname;
  } catch {
    /* keep default */
  }
  const fetchCode = `// ${t('snippetBackend')}\nconst res = await fetch('https://api.mercadopago.com${path}', {\n  headers: { Authorization: \`Bearer \${process.env.MP_ACCESS_TOKEN}\` },\n});`;
  const axiosCode = `const { data } = await axios.get('https://api.mercadopago.com${path}', {\n  headers: { Authorization: \`Bearer \${process.env.MP_ACCESS_TOKEN}\` },\n});`;
  return (
    <div>
      <p class="hint">fetch</p>
      <pre class="mono snippet">{fetchCode}</pre>
      <p class="hint">axios</p>
      <pre class="mono snippet">{axiosCode}</pre>
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
        <span>{whereText(f)}</span>
        {f.count > 1 && <span class="hint">×{f.count}</span>}
      </div>
      <div class="mono leak-url">{f.url}</div>
      {f.account && (
        <div class="notice notice-error" data-testid="leak-account">
          <p>{t('leakIsSellerToken', f.account.nickname ?? `#${f.account.userId}`)}</p>
          <button type="button" disabled={refresh.busy} onClick={() => refresh.run(() => send('accounts.refresh', { accountId: f.account!.id }))}>
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
