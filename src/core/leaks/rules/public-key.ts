/**
 * Mercado Pago public keys: `APP_USR-<uuid>` or `TEST-<uuid>`. Public by design (they belong in
 * frontend code), so every location is `info`: the report helps tell them apart from access tokens.
 */
import type { Rule, RuleMatch } from '../types';
import { NO_MATCHES, NO_STRINGS, tooFewDistinct } from './shared';
import { PUBLIC_KEY_RULE_ID } from '../rule-ids';
export { PUBLIC_KEY_RULE_ID };


const PUBLIC_KEY_RE =
  /(?<![A-Za-z0-9])(?:APP_USR|TEST)-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z])/g;

/** The whole value is one key: then PUBLIC_KEY_RE's only match is the value itself. */
const WHOLE_PUBLIC_KEY_RE = /^(?:APP_USR|TEST)-[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function findPublicKeys(value: string): readonly string[] {
  if (value.indexOf('APP_USR-') < 0 && value.indexOf('TEST-') < 0) return NO_STRINGS;
  // String.prototype.match leaves `lastIndex` at 0: no state survives a call.
  const found = WHOLE_PUBLIC_KEY_RE.test(value) ? [value] : value.match(PUBLIC_KEY_RE);
  if (found === null) return NO_STRINGS;
  return found.filter((k) => !tooFewDistinct(k.slice(k.indexOf('-') + 1), 5)); // `-` plus ≥ 4 hex digits
}

export const publicKeyRule: Rule = {
  id: PUBLIC_KEY_RULE_ID,
  kind: 'public_key',
  detect(value: string): readonly RuleMatch[] {
    const found = findPublicKeys(value);
    if (found.length === 0) return NO_MATCHES;
    return found.map((secret) => ({ kind: 'public_key', rule: PUBLIC_KEY_RULE_ID, secret, userId: null }));
  },
};
