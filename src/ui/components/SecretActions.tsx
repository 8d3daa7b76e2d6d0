import { useEffect, useRef, useState } from 'preact/hooks';
import { send } from '../../shared/messages';
import type { Api } from '../../shared/api';
import { t } from '../../shared/i18n';
import { ErrorNotice } from './ErrorNotice';
import { useAction } from './useAsync';

type Ref = Api['secret.reveal']['req'];
export const CLIPBOARD_CLEAR_MS = 60_000;

/**
 * Reveal or copy one secret, on the user's explicit request only. A copied secret is wiped from
 * the clipboard after 60 s by the service worker (through an offscreen document), whether this
 * page is still open and focused or not; the status says which wipe applies.
 */
export function SecretActions({ secret, label }: { secret: Ref; label: string }) {
  const [shown, setShown] = useState<string | null>(null);
  const [copied, setCopied] = useState<'worker' | 'page' | null>(null);
  const { error, run } = useAction();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);
  const reveal = async () => {
    if (shown) return setShown(null);
    const r = await run(() => send('secret.reveal', secret));
    if (r) setShown(r.value);
  };
  const copy = async () => {
    const r = await run(() => send('secret.reveal', secret));
    if (!r) return;
    await navigator.clipboard.writeText(r.value);
    // The worker wipes the clipboard even when this page is closed or not focused; if it cannot
    // be asked, this page wipes it, which works only while the page stays open and focused.
    const byWorker = await send('clipboard.scheduleWipe', {}).then(() => true, () => false);
    setCopied(byWorker ? 'worker' : 'page');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (!byWorker) void navigator.clipboard.writeText('').catch(() => undefined);
      setCopied(null);
    }, CLIPBOARD_CLEAR_MS);
  };
  return (
    <span class="secret-actions">
      <button type="button" class="link" onClick={reveal} aria-label={`${shown ? t('hide') : t('reveal')}: ${label}`}>
        {shown ? t('hide') : t('reveal')}
      </button>
      <button type="button" class="link" onClick={copy} aria-label={`${t('copy')}: ${label}`}>
        {t('copy')}
      </button>
      {shown && <code class="mono revealed">{shown}</code>}
      {copied && <span class="hint" role="status">{t(copied === 'worker' ? 'copiedWipes' : 'copiedClears')}</span>}
      <ErrorNotice error={error} />
    </span>
  );
}
