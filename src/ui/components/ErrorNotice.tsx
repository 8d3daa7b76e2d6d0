import type { ErrorValue } from '../../shared/messages';
import { errorText, t } from '../../shared/i18n';

/** A localized error with its next step. role=alert so screen readers announce it. */
export function ErrorNotice({ error, onDismiss }: { error: ErrorValue | null; onDismiss?: () => void }) {
  if (!error) return null;
  const { message, next, code } = errorText(error);
  return (
    <div class="notice notice-error" role="alert" data-code={code}>
      <strong class="notice-icon" aria-hidden="true">!</strong>
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
          ×
        </button>
      )}
    </div>
  );
}
