import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { send, type ErrorValue } from '../../shared/messages';
import { errorText, t } from '../../shared/i18n';
import { useLive } from './live';
import { CloseIcon, CriticalIcon } from './icons';

/** How far back a state the background reported may lie and still explain a lost answer. */
const REPORTED_WINDOW_MS = 60_000;

interface NoticeProps {
  error: ErrorValue;
  onDismiss?: () => void;
  announce?: boolean;
  id?: string;
  children?: ComponentChildren;
}

function Notice({ error, onDismiss, announce = true, id, children }: NoticeProps) {
  const { message, next, code } = errorText(error);
  return (
    <div class="notice notice-error" role={announce ? 'alert' : undefined} data-code={code} id={id}>
      <span class="notice-icon">
        <CriticalIcon />
      </span>
      <div>
        <p class="notice-message">{message}</p>
        {next && <p class="notice-next">{t('errorNextStep', next)}</p>}
        {children}
        {typeof error.params?.description === 'string' && error.params.description && (
          <p class="notice-code">{t('serverSaid', error.params.description)}</p>
        )}
        <p class="notice-code">{t('errorCode', code)}</p>
      </div>
      {onDismiss && (
        <button type="button" class="link" onClick={onDismiss} aria-label={t('dismiss')}>
          <CloseIcon />
        </button>
      )}
    </div>
  );
}

/**
 * "The background did not answer" is the most generic thing a page can say. Usually the service
 * worker stopped in the middle of the request and has started again by now; it then recorded what
 * it knows (a linking attempt cut off, a refresh whose answer never came), which the page shows
 * as the notice of that subject. So: ask the background again. If it reported such a state, this
 * notice steps aside; if it answers but reported nothing, say it restarted; only if it still does
 * not answer, say so and how to recover.
 */
function UnreachableNotice({ error, ...rest }: NoticeProps) {
  const [since] = useState(() => Date.now() - REPORTED_WINDOW_MS);
  const again = useLive(['accounts', 'apps'], () => send('overview', {}));
  if (again.error) return <Notice error={error} {...rest} />;
  const o = again.data;
  if (!o) return null;
  const reported =
    (o.interruptedFlow !== null && o.interruptedFlow.at >= since) ||
    o.accounts.some((a) => a.lastError !== null && a.lastError.code === 'refresh_interrupted' && a.lastError.at >= since);
  if (reported) return null;
  return <Notice error={{ code: 'background_restarted' }} {...rest} />;
}

/**
 * A localized error with its next step (and optional live details, e.g. a countdown). A fresh
 * error (from the user's own action) is role=alert, announced once as it appears; a stored one
 * (`announce={false}`) is shown without a live region, so it is not re-announced each time the
 * page opens. `id` lets a field point at it (aria-describedby).
 */
export function ErrorNotice({ error, ...rest }: Omit<NoticeProps, 'error'> & { error: ErrorValue | null }) {
  if (!error) return null;
  if (error.code === 'background_unreachable') return <UnreachableNotice error={error} {...rest} />;
  return <Notice error={error} {...rest} />;
}
