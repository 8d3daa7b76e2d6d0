import type { ErrorValue } from '../../shared/messages';
import { errorText, t } from '../../shared/i18n';
import { CloseIcon, CriticalIcon } from './icons';

/**
 * A localized error with its next step. A fresh error (from the user's own action) is role=alert,
 * announced once as it appears; a stored one (`announce={false}`) is shown without a live region,
 * so it is not re-announced each time the page opens. `id` lets a field point at it (aria-describedby).
 */
export function ErrorNotice({ error, onDismiss, announce = true, id }: { error: ErrorValue | null; onDismiss?: () => void; announce?: boolean; id?: string }) {
  if (!error) return null;
  const { message, next, code } = errorText(error);
  return (
    <div class="notice notice-error" role={announce ? 'alert' : undefined} data-code={code} id={id}>
      <span class="notice-icon">
        <CriticalIcon />
      </span>
      <div>
        <p class="notice-message">{message}</p>
        {next && <p class="notice-next">{t('errorNextStep', next)}</p>}
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
