/** The vault room: encrypted secret records, lock state and auto-lock, the device key, the clipboard wipe of copied secrets, and the vault and settings handlers. */
export {
  AUTOLOCK_ALARM,
  deleteSecrets,
  getSecret,
  isUnlocked,
  onAutoLockAlarm,
  onUnlocked,
  putSecret,
  putSecrets,
  readableSecrets,
  reauthenticate,
  refuseWhileLocked,
  requireKey,
  requireUnlocked,
  touch,
  vaultState,
  type VaultState,
} from './store';
export { CLIPBOARD_ALARM, clipboardHandlers, onClipboardAlarm } from './clipboard';
export { vaultHandlers } from './handlers';
