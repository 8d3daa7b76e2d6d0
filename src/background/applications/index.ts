/** The applications room: each application's configuration and client secret, its hygiene and credential-renewal state, its application token, the views pages get of it, and its handlers. */
export { appSecretId, bindingOf, clientSecretOf, getApp, listApps, recordMatches, removeApp, saveApps, type StoredApp } from './store';
export { APP_TOKENS, appRenewAt, appTokenSecretId, appTokens, autoRenewAppTokens, obtainAppToken, renewFailures } from './tokens';
export { adviceContext, coded } from './advice';
export { appView, type AppViewContext } from './views';
export { applicationHandlers } from './handlers';
