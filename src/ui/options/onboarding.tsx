import { useEffect, useState } from 'preact/hooks';
import type { Overview } from '../../shared/api';
import { t } from '../../shared/i18n';
import { CheckIcon, CopyIcon, DoneIcon, TodoIcon } from '../components/icons';

/**
 * The first-run checklist: 1. copy the Redirect URL into the application in Mercado Pago's panel,
 * 2. add the application here, 3. link a seller. Steps tick themselves off: the first when the
 * URL is copied (remembered in this extension's localStorage: not a secret), the others from the
 * background's overview.
 */
const COPIED = 'mp.onboarding.redirectCopied';
const HIDDEN = 'mp.onboarding.hidden';
const EVENT = 'mp-onboarding';

export function markRedirectCopied(): void {
  try {
    localStorage.setItem(COPIED, '1');
  } catch {
    /* storage unavailable: the step just stays open */
  }
  window.dispatchEvent(new Event(EVENT));
}

/** Copies the redirect URL (not a secret) and ticks off the first onboarding step. */
export function CopyRedirectButton({ url, id }: { url: string; id?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () =>
    navigator.clipboard.writeText(url).then(
      () => {
        setCopied(true);
        markRedirectCopied();
      },
      () => setCopied(false),
    );
  return (
    <>
      <button type="button" id={id} onClick={copy} aria-label={`${t('copy')}: ${t('redirectUrlLabel')}`}>
        <CopyIcon />
        {t('copy')}
      </button>
      <span role="status" class="copied">
        {copied && (
          <>
            <CheckIcon />
            {t('copied')}
          </>
        )}
      </span>
    </>
  );
}

function flag(key: string): boolean {
  try {
    return localStorage.getItem(key) === '1';
  } catch {
    return false;
  }
}

function useFlag(key: string): boolean {
  const [on, setOn] = useState(flag(key));
  useEffect(() => {
    const update = () => setOn(flag(key));
    window.addEventListener(EVENT, update);
    window.addEventListener('storage', update);
    return () => {
      window.removeEventListener(EVENT, update);
      window.removeEventListener('storage', update);
    };
  }, [key]);
  return on;
}

export function onboardingSteps(o: Overview, redirectCopied: boolean) {
  return [
    { id: 'redirect', done: redirectCopied },
    { id: 'app', done: o.apps.length > 0 },
    { id: 'seller', done: o.accounts.length > 0 },
  ] as const;
}

export function Onboarding({ overview }: { overview: Overview }) {
  const copied = useFlag(COPIED);
  const hidden = useFlag(HIDDEN);
  // Shown from install until all three steps are done (and once more to say so), unless hidden.
  const [sawIncomplete] = useState(() => !onboardingSteps(overview, flag(COPIED)).every((s) => s.done));
  const steps = onboardingSteps(overview, copied);
  const doneCount = steps.filter((s) => s.done).length;
  const all = doneCount === steps.length;
  if (hidden || (all && !sawIncomplete)) return null;
  const hide = () => {
    try {
      localStorage.setItem(HIDDEN, '1');
    } catch {
      /* ignore */
    }
    window.dispatchEvent(new Event(EVENT));
  };
  return (
    <section aria-labelledby="onboarding-title" class="card onboarding" data-testid="onboarding">
      <h2 id="onboarding-title">{t('onboardingTitle')}</h2>
      <p class="hint" data-testid="onboarding-progress">{t('onboardingProgress', [doneCount, steps.length])}</p>
      <ol class="steps">
        {steps.map((s, i) => (
          <li key={s.id} data-step={s.id} data-done={s.done} class={s.done ? 'step step-done' : 'step'}>
            <span class={s.done ? 'status-ok' : 'status-muted'}>{s.done ? <DoneIcon /> : <TodoIcon />}</span>
            <div>
              <strong>
                <span class="sr-only">{s.done ? t('checkOk') : t('checkTodo')}: </span>
                {t(`onboardingStep_${s.id}`, String(i + 1))}
              </strong>
              <p class="hint">{t(`onboardingStepHint_${s.id}`)}</p>
              {s.id === 'redirect' && (
                <div class="row">
                  <code class="mono">{overview.redirectUrl}</code>
                  <CopyRedirectButton url={overview.redirectUrl} />
                </div>
              )}
            </div>
          </li>
        ))}
      </ol>
      {all && <p class="notice notice-ok" role="status">{t('onboardingDone')}</p>}
      <button type="button" class="link" onClick={hide}>{t('onboardingHide')}</button>
    </section>
  );
}
