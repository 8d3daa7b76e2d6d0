/**
 * Mercado Pago refresh tokens: the `TG-<24 hex>-<user id>` shape under a refresh-token name
 * (`refresh_token=` in a URL or form, `"refresh_token": …` in JSON). Long-lived and able to mint
 * access tokens: critical anywhere in browser traffic.
 */
import type { Rule, RuleMatch } from '../types';
import { NO_MATCHES, userIdOf } from './shared';
import { findTgTokens, namesRefreshToken } from './tg-token';
import { REFRESH_TOKEN_RULE_ID } from '../rule-ids';
export { REFRESH_TOKEN_RULE_ID };


export const refreshTokenRule: Rule = {
  id: REFRESH_TOKEN_RULE_ID,
  kind: 'refresh_token',
  detect(value: string, param: string | null): readonly RuleMatch[] {
    if (value.indexOf('TG-') < 0 || !namesRefreshToken(param)) return NO_MATCHES;
    const found = findTgTokens(value);
    return found.map((secret) => ({
      kind: 'refresh_token',
      rule: REFRESH_TOKEN_RULE_ID,
      secret,
      userId: userIdOf(secret),
    }));
  },
};
