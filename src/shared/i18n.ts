/**
 * Localized strings. Every user-visible string lives in public/_locales/{en,es,pt_BR}/messages.json
 * and is read through `t()`. Error codes map to `err_<code>` (what happened) and `next_<code>`
 * (what to do next); unknown codes fall back to a generic sentence that still names the code.
 */
import browser from 'webextension-polyfill';
import type { ErrorValue } from './messages';

export function t(key: string, substitutions?: string | number | (string | number)[]): string {
  const subs =
    substitutions === undefined
      ? undefined
      : (Array.isArray(substitutions) ? substitutions : [substitutions]).map((s) => String(s));
  const text = browser.i18n.getMessage(key, subs);
  return text || key;
}

/**
 * A sentence with a count, in the plural form the UI language needs (`Intl.PluralRules`).
 * Each plural sentence is three keys, `<base>_one`, `<base>_many` and `<base>_other`, in every
 * locale (English and the others' "many" usually repeat "other"); `$1` is the count.
 */
export function tp(base: string, count: number, more: (string | number)[] = []): string {
  const category = new Intl.PluralRules(uiLanguage().replace('_', '-')).select(count);
  const subs = [String(count), ...more.map(String)];
  const text = browser.i18n.getMessage(`${base}_${category}`, subs) || browser.i18n.getMessage(`${base}_other`, subs);
  return text || `${base}_${category}`;
}

function has(key: string): boolean {
  return browser.i18n.getMessage(key) !== '';
}

/** Sentence for an error value, with its next step when one exists. */
export function errorText(error: ErrorValue): { message: string; next: string | null; code: string } {
  const params = error.params ?? {};
  // Substitutions: the params' values in key order; `advice` picks the next step instead.
  const subs = Object.keys(params)
    .filter((k) => k !== 'advice')
    .sort()
    .map((k) => String(params[k] ?? ''));
  const message = has(`err_${error.code}`)
    ? t(`err_${error.code}`, subs)
    : t('err_unknown', error.code);
  const advice = typeof params.advice === 'string' ? `advice_${params.advice}` : null;
  const next = advice && has(advice) ? t(advice, subs) : has(`next_${error.code}`) ? t(`next_${error.code}`, subs) : null;
  return { message, next, code: error.code };
}

export function uiLanguage(): string {
  return browser.i18n.getUILanguage();
}
