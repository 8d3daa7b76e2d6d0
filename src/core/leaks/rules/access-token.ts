/**
 * Mercado Pago access tokens (private keys):
 * `APP_USR-<app id, 10–16 digits>-<6 digits>-<32 hex>-<user id, 6–12 digits>`, `TEST-` for test
 * credentials, and the older shape with a `__XX_XX__` segment before the user id
 * (`…-<32 hex>__LA_LD__-<user id>`). Mercado Pago's own sample code shows application ids of 15 as
 * well as 16 digits and the segment in several letter variants (`__LA_LB__`, `__LA_LD__`,
 * `__LB_LC__`, `__LC_LA__`, `__LC_LB__`, `__LD_LC__`): any two capital pairs are accepted, and the
 * fixtures cover the family. Doc placeholders (`APP_USR-12345678-031820-X-12345678`,
 * `…-XXXXXXXX-…`) do not have this shape and are not reported.
 *
 * An access token under a name like `public_key` is the classic mix-up of the two credentials that
 * puts the private one in frontend code: reported by its own rule id.
 */
import type { Rule, RuleMatch } from '../types';
import { NO_MATCHES, NO_STRINGS, endsWithWords, tooFewDistinct, userIdOf } from './shared';
import { ACCESS_TOKEN_RULE_ID, ACCESS_TOKEN_IN_PUBLIC_KEY_SLOT_RULE_ID } from '../rule-ids';
export { ACCESS_TOKEN_RULE_ID, ACCESS_TOKEN_IN_PUBLIC_KEY_SLOT_RULE_ID };


// Used only with String.prototype.match, which starts at and leaves `lastIndex` at 0: no state
// survives a call.
const ACCESS_TOKEN_RE =
  /(?<![A-Za-z0-9])(?:APP_USR|TEST)-\d{10,16}-\d{6}-[0-9a-fA-F]{32}(?:__[A-Z]{2}_[A-Z]{2}__)?-\d{6,12}(?!\d)/g;

/** The whole value is one token: then ACCESS_TOKEN_RE's only match is the value itself. */
const WHOLE_ACCESS_TOKEN_RE = /^(?:APP_USR|TEST)-\d{10,16}-\d{6}-[0-9a-fA-F]{32}(?:__[A-Z]{2}_[A-Z]{2}__)?-\d{6,12}$/;

/** The 32 hex characters after a token's third `-` (`t` has the shape of ACCESS_TOKEN_RE). */
function randomPart(t: string): string {
  let i = -1;
  for (let k = 0; k < 3; k++) i = t.indexOf('-', i + 1);
  return t.slice(i + 1, i + 33);
}

export function findAccessTokens(value: string): readonly string[] {
  if (value.indexOf('APP_USR-') < 0 && value.indexOf('TEST-') < 0) return NO_STRINGS;
  const found = WHOLE_ACCESS_TOKEN_RE.test(value) ? [value] : value.match(ACCESS_TOKEN_RE);
  if (found === null) return NO_STRINGS;
  // `000…0`: a filler, not a hash.
  return found.filter((t) => !tooFewDistinct(randomPart(t), 4));
}

export const accessTokenRule: Rule = {
  id: ACCESS_TOKEN_RULE_ID,
  kind: 'access_token',
  detect(value: string, param: string | null): readonly RuleMatch[] {
    const found = findAccessTokens(value);
    if (found.length === 0) return NO_MATCHES;
    const rule = endsWithWords(param, 'public', 'key') ? ACCESS_TOKEN_IN_PUBLIC_KEY_SLOT_RULE_ID : ACCESS_TOKEN_RULE_ID;
    return found.map((secret) => ({ kind: 'access_token', rule, secret, userId: userIdOf(secret) }));
  },
};
