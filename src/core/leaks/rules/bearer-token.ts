/**
 * Generic bearer tokens (any issuer: JWTs, opaque tokens) under the names OAuth gives them:
 * `access_token`, `refresh_token`, `id_token`, `client_secret` (also camelCase, kebab-case and with a
 * prefix such as `mp_access_token`). Values in Mercado Pago's own shapes are left to the Mercado Pago
 * rules; placeholders (`ACCESS_TOKEN`, `your_token_here`, `XXXX…`, `${TOKEN}`) are not tokens.
 */
import type { Rule, RuleMatch } from '../types';
import { MAX_BEARER_CHARS } from '../limits';
import { NO_MATCHES, looksLikePlaceholder, nameWords, tooFewDistinct, wordsEndWith } from './shared';
import { BEARER_TOKEN_RULE_ID } from '../rule-ids';
export { BEARER_TOKEN_RULE_ID };


const BEARER_RE = /^[A-Za-z0-9\-._~+/]+=*$/;
const MP_PREFIX_RE = /^(?:APP_USR-|TEST-|TG-)/;

const BEARER_NAMES: readonly (readonly string[])[] = [
  ['access', 'token'],
  ['refresh', 'token'],
  ['id', 'token'],
  ['client', 'secret'],
];

export function namesBearerToken(param: string | null): boolean {
  if (!param) return false;
  const ws = nameWords(param);
  return BEARER_NAMES.some((words) => wordsEndWith(ws, words));
}

/** A value that can be a bearer credential: long, token alphabet, varied, not a placeholder. */
export function looksLikeBearerToken(value: string): boolean {
  if (value.length < 16 || value.length > MAX_BEARER_CHARS) return false;
  if (!BEARER_RE.test(value) || MP_PREFIX_RE.test(value)) return false;
  if (looksLikePlaceholder(value) || tooFewDistinct(value, 8)) return false;
  let classes = 0;
  if (/[a-z]/.test(value)) classes++;
  if (/[A-Z]/.test(value)) classes++;
  if (/[0-9]/.test(value)) classes++;
  return classes >= 2;
}

/** Strips an optional `Bearer ` scheme and surrounding blanks. */
export function bearerValue(value: string): string {
  const v = value.trim();
  const c = v.charCodeAt(0);
  return c === 66 || c === 98 /* B b */ ? v.replace(/^bearer\s+/i, '') : v;
}

export const bearerTokenRule: Rule = {
  id: BEARER_TOKEN_RULE_ID,
  kind: 'bearer_token',
  detect(value: string, param: string | null): readonly RuleMatch[] {
    if (value.length < 16) return NO_MATCHES;
    const v = bearerValue(value);
    if (!looksLikeBearerToken(v) || !namesBearerToken(param)) return NO_MATCHES;
    return [{ kind: 'bearer_token', rule: BEARER_TOKEN_RULE_ID, secret: v, userId: null }];
  },
};
