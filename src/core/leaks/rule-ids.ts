/**
 * Rule ids, in a module of their own so that reports (the DevTools panel, the CLI) can name rules
 * without pulling the detection code into their bundle.
 */
export const ACCESS_TOKEN_RULE_ID = 'mp-access-token';
export const ACCESS_TOKEN_IN_PUBLIC_KEY_SLOT_RULE_ID = 'mp-access-token-in-public-key-slot';
export const PUBLIC_KEY_RULE_ID = 'mp-public-key';
export const CLIENT_SECRET_RULE_ID = 'mp-client-secret';
export const AUTHORIZATION_CODE_RULE_ID = 'mp-authorization-code';
export const REFRESH_TOKEN_RULE_ID = 'mp-refresh-token';
export const BEARER_TOKEN_RULE_ID = 'bearer-token';
/** Not a credential: the request or line exceeded the engine's limits and was not scanned in full. */
export const TRUNCATED_RULE_ID = 'scan-truncated';
