import { useEffect, useRef, useState } from 'preact/hooks';
import { send } from '../../shared/messages';
import type { Api } from '../../shared/api';
import { t } from '../../shared/i18n';
import { ErrorNotice } from './ErrorNotice';
import { useAction } from './useAsync';
import { CheckIcon, CopyIcon, EyeIcon } from './icons';

type Ref = Api['secret.reveal']['req'];
export const CLIPBOARD_CLEAR_MS = 60_000;

/**
 * Copies one secret on the user's explicit request: the background hands over the raw value
 * (`secret.reveal`), the page writes it to the clipboard and says "Copied". The service worker
 * wipes the clipboard after 60 s (through an offscreen document) whether this page is still open
 * and focused or not; if it cannot be asked, this page wipes it, which works only while it stays
 * open and focused. The confirmation says which applies.
 */
function useCopy(secret: Ref) {
  const [copied, setCopied] = useState<'worker' | 'page' | null>(null);
  const action = useAction();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);
  const copy = async () => {
    const r = await action.run(() => send('secret.reveal', secret));
    if (!r) return;
    try {
      await navigator.clipboard.writeText(r.value);
    } catch {
      action.setError({ code: 'clipboard_denied' });
      return;
    }
    const byWorker = await send('clipboard.scheduleWipe', {}).then(() => true, () => false);
    setCopied(byWorker ? 'worker' : 'page');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (!byWorker) void navigator.clipboard.writeText('').catch(() => undefined);
      setCopied(null);
    }, CLIPBOARD_CLEAR_MS);
  };
  return { copied, copy, error: action.error, busy: action.busy };
}

/** A compact Copy button whose accessible name says what is copied (`label`: e.g. the seller). */
export function CopyButton({ secret, label }: { secret: Ref; label: string }) {
  const { copied, copy, error, busy } = useCopy(secret);
  return (
    <span class="secret-actions">
      <button type="button" class="small" disabled={busy} onClick={copy} aria-label={`${t('copy')}: ${label}`} data-testid="copy">
        <CopyIcon />
        {t('copy')}
      </button>
      <span role="status" class="copied" data-testid="copied">
        {copied && (
          <>
            <CheckIcon />
            {t(copied === 'worker' ? 'copiedWipes' : 'copiedClears')}
          </>
        )}
      </span>
      <ErrorNotice error={error} />
    </span>
  );
}

/**
 * Reveal or copy one secret, on the user's explicit request only (the copy is wiped as `useCopy` says).
 */
export function SecretActions({ secret, label }: { secret: Ref; label: string }) {
  const [shown, setShown] = useState<string | null>(null);
  const reveal = useAction();
  const { copied, copy, error } = useCopy(secret);
  const doReveal = async () => {
    if (shown) return setShown(null);
    const r = await reveal.run(() => send('secret.reveal', secret));
    if (r) setShown(r.value);
  };
  return (
    <span class="secret-actions">
      <button type="button" class="link" onClick={doReveal} aria-label={`${shown ? t('hide') : t('reveal')}: ${label}`}>
        <EyeIcon />
        {shown ? t('hide') : t('reveal')}
      </button>
      <button type="button" class="link" onClick={copy} aria-label={`${t('copy')}: ${label}`}>
        <CopyIcon />
        {t('copy')}
      </button>
      {shown && <code class="mono revealed">{shown}</code>}
      <span role="status" class="copied">
        {copied && (
          <>
            <CheckIcon />
            {t(copied === 'worker' ? 'copiedWipes' : 'copiedClears')}
          </>
        )}
      </span>
      <ErrorNotice error={reveal.error ?? error} />
    </span>
  );
}
