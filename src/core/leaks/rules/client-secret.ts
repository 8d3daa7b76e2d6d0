/**
 * Mercado Pago client secrets: 32 letters and digits. Such a string means nothing on its own, so it
 * is reported only under a client-secret name (`client_secret`, `clientSecret`, `MP_CLIENT_SECRET`,
 * `secret_key`, `app_secret`) and only when it looks random (letters and digits mixed).
 */
import type { Rule, RuleMatch } from '../types';
import { NO_MATCHES, looksLikePlaceholder, nameWords, tooFewDistinct, wordsEndWith } from './shared';
import { CLIENT_SECRET_RULE_ID } from '../rule-ids';
export { CLIENT_SECRET_RULE_ID };


const CLIENT_SECRET_RE = /^[A-Za-z0-9]{32}$/;

const CLIENT_SECRET_NAMES: readonly (readonly string[])[] = [
  ['client', 'secret'],
  ['secret', 'key'],
  ['app', 'secret'],
];

export function namesClientSecret(param: string | null): boolean {
  if (!param) return false;
  const ws = nameWords(param);
  return CLIENT_SECRET_NAMES.some((words) => wordsEndWith(ws, words));
}

export function looksLikeClientSecret(value: string): boolean {
  if (!CLIENT_SECRET_RE.test(value)) return false;
  if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) return false;
  return !tooFewDistinct(value, 10) && !looksLikePlaceholder(value);
}

export const clientSecretRule: Rule = {
  id: CLIENT_SECRET_RULE_ID,
  kind: 'client_secret',
  detect(value: string, param: string | null): readonly RuleMatch[] {
    const v = value.length === 32 ? value : value.trim();
    if (!looksLikeClientSecret(v) || !namesClientSecret(param)) return NO_MATCHES;
    return [{ kind: 'client_secret', rule: CLIENT_SECRET_RULE_ID, secret: v, userId: null }];
  },
};
