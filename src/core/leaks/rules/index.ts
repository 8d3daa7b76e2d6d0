/**
 * The credential rules, in the order they run. Mercado Pago shapes first; the name-based rules
 * (client secret, generic bearer) only see values no shape rule claimed.
 */
import type { Rule } from '../types';
import { accessTokenRule } from './access-token';
import { authorizationCodeRule } from './authorization-code';
import { bearerTokenRule } from './bearer-token';
import { clientSecretRule } from './client-secret';
import { publicKeyRule } from './public-key';
import { refreshTokenRule } from './refresh-token';

/** Rules that find Mercado Pago shapes anywhere inside a value. */
export const SHAPE_RULES: readonly Rule[] = [accessTokenRule, publicKeyRule, refreshTokenRule, authorizationCodeRule];
/** Rules that judge a whole value by the name it travels under. */
export const NAMED_RULES: readonly Rule[] = [clientSecretRule, bearerTokenRule];
export const RULES: readonly Rule[] = [...SHAPE_RULES, ...NAMED_RULES];

export { accessTokenRule, authorizationCodeRule, bearerTokenRule, clientSecretRule, publicKeyRule, refreshTokenRule };
export { ACCESS_TOKEN_RULE_ID, ACCESS_TOKEN_IN_PUBLIC_KEY_SLOT_RULE_ID } from './access-token';
export { AUTHORIZATION_CODE_RULE_ID } from './authorization-code';
export { BEARER_TOKEN_RULE_ID, bearerValue, looksLikeBearerToken } from './bearer-token';
export { CLIENT_SECRET_RULE_ID } from './client-secret';
export { PUBLIC_KEY_RULE_ID } from './public-key';
export { REFRESH_TOKEN_RULE_ID } from './refresh-token';
