/**
 * Mercado Pago public keys: `APP_USR-<uuid>` or `TEST-<uuid>`. Public by design (they belong in
 * frontend code), so every location is `info`: the report helps tell them apart from access tokens.
 */
import type { Rule, RuleMatch } from '../types';
import { tooFewDistinct } from './shared';

export const PUBLIC_KEY_RULE_ID = 'mp-public-key';

const PUBLIC_KEY_RE =
  /(?<![A-Za-z0-9])(?:APP_USR|TEST)-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z])/g;

export function findPublicKeys(value: string): string[] {
  if (value.indexOf('APP_USR-') < 0 && value.indexOf('TEST-') < 0) return [];
  const out: string[] = [];
  for (const m of value.matchAll(PUBLIC_KEY_RE)) {
    if (tooFewDistinct(m[0].slice(m[0].indexOf('-') + 1).replace(/-/g, ''), 4)) continue;
    out.push(m[0]);
  }
  return out;
}

export const publicKeyRule: Rule = {
  id: PUBLIC_KEY_RULE_ID,
  kind: 'public_key',
  detect(value: string): RuleMatch[] {
    return findPublicKeys(value).map((secret) => ({ kind: 'public_key', rule: PUBLIC_KEY_RULE_ID, secret, userId: null }));
  },
};
