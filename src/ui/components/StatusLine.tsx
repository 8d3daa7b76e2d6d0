import { useEffect, useState } from 'preact/hooks';
import { send, type ErrorValue } from '../../shared/messages';
import { t } from '../../shared/i18n';
import { asErrorValue } from './useAsync';
import { ErrorNotice } from './ErrorNotice';
import { WarningIcon } from './icons';

/** How long the background may take to answer before the page says it cannot reach it. */
export const STATUS_PATIENCE_MS = 3000;

/**
 * Asks the background for its status (the protocol's round trip). Says something only when the
 * background is not reachable: a slow answer shows "still connecting", a failure its error. When
 * the answer arrives nothing is shown; an empty marker keeps the outcome inspectable.
 */
export function StatusLine() {
  const [ready, setReady] = useState(false);
  const [slow, setSlow] = useState(false);
  const [error, setError] = useState<ErrorValue | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setSlow(true), STATUS_PATIENCE_MS);
    send('status', {}).then(
      () => setReady(true),
      (e) => setError(asErrorValue(e)),
    ).finally(() => clearTimeout(timer));
    return () => clearTimeout(timer);
  }, []);
  if (error) return <ErrorNotice error={error} />;
  if (ready) return <span hidden data-testid="status-line" data-ready="yes" />;
  if (!slow) return null;
  return (
    <p class="notice notice-warn" role="status" data-testid="status-line" data-ready="no">
      <span class="notice-icon">
        <WarningIcon />
      </span>
      {t('statusConnecting')}
    </p>
  );
}
