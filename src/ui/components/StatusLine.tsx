import { useEffect, useState } from 'preact/hooks';
import { send, type ErrorValue } from '../../shared/messages';
import type { StatusInfo } from '../../shared/api';
import { t } from '../../shared/i18n';
import { asErrorValue } from './useAsync';
import { ErrorNotice } from './ErrorNotice';

/** Asks the background for its status: the protocol's round trip, visible in every surface. */
export function StatusLine() {
  const [status, setStatus] = useState<StatusInfo | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  useEffect(() => {
    send('status', {}).then(setStatus, (e) => setError(asErrorValue(e)));
  }, []);
  if (error) return <ErrorNotice error={error} />;
  return (
    <p class="hint" data-testid="status-line" data-ready={status ? 'yes' : 'no'} aria-live="polite">
      {status ? t('statusConnected', status.version) : t('statusConnecting')}
    </p>
  );
}
