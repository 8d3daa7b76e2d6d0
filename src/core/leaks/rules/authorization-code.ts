/**
 * OAuth authorization codes (`TG-<24 hex>-<user id>`), valid 10 minutes and single use. They arrive
 * in the redirect URL by design (`?code=TG-…`), so in a callback they are `info`; leaking one to
 * another site through the `Referer` header is a `warning`. A `TG-` value that is not named as a
 * refresh token is reported as a code.
 */
import type { Rule, RuleMatch } from '../types';
import { NO_MATCHES, userIdOf } from './shared';
import { findTgTokens, namesRefreshToken } from './tg-token';
import { AUTHORIZATION_CODE_RULE_ID } from '../rule-ids';
export { AUTHORIZATION_CODE_RULE_ID };


export const authorizationCodeRule: Rule = {
  id: AUTHORIZATION_CODE_RULE_ID,
  kind: 'authorization_code',
  detect(value: string, param: string | null): readonly RuleMatch[] {
    if (value.indexOf('TG-') < 0 || namesRefreshToken(param)) return NO_MATCHES;
    const found = findTgTokens(value);
    return found.map((secret) => ({
      kind: 'authorization_code',
      rule: AUTHORIZATION_CODE_RULE_ID,
      secret,
      userId: userIdOf(secret),
    }));
  },
};
