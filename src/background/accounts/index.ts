/** The accounts room: linked sellers and their secrets, linking, rotation-safe refresh, each account's timeline, the token badge and expiry notifications, the overview pages get, and the account handlers. */
export { addTimeline, fingerprintIndex, listAccounts, saveAccounts } from './store';
export { sweepInterruptedFlows } from './linking';
export { AUTO_REFRESH_ALARM, autoRefresh, runWaiting, scheduleAutoRefresh, sweepInterruptedRefreshes } from './refresh';
export { updateTokenBadge } from './badge';
export { runNotifications } from './notify';
export { accountHandlers } from './handlers';
