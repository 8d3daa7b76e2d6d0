/**
 * # Vault: every secret encrypted at rest
 *
 * Pure core (no extension APIs, no storage, no clock, no global crypto): every function takes the
 * WebCrypto object `crypto` (and `now` where time matters) and returns plain JSON-serializable
 * objects plus CryptoKeys. The background glue persists them.
 *
 * ## Model
 * - **Records** are JSON values sealed with one random AES-256-GCM **data key**: envelope
 *   `{v: 1, alg: 'A256GCM', iv, ct}`, a fresh random 96-bit IV per write, the record id bound as
 *   additional data. A changed iv, ct or id fails authentication (`tampered`); nothing
 *   unauthenticated is ever returned.
 * - The **header** stores the data key wrapped (AES-GCM key wrap, same envelope) by a key-encryption
 *   key, in one of two modes:
 *   - `passphrase`: KEK = PBKDF2-SHA256(passphrase, random 16-byte salt per vault, ≥ 600,000
 *     iterations). The parameters are stored, so they can be raised: `unlockWithPassphrase`
 *     reports `needsUpgrade` and `upgradeKdf` re-wraps. Changing, setting or removing the
 *     passphrase re-wraps the data key only (`rewrap`); records are not re-encrypted.
 *   - `device`: KEK = a random non-extractable AES-GCM **device key** the glue keeps in the
 *     extension's IndexedDB (`generateDeviceKey`).
 * - While unlocked, the glue keeps the data key in memory and in the extension's session storage
 *   (`exportDataKey` / `importDataKey`), so a service-worker restart keeps it unlocked and a
 *   browser restart locks it.
 * - **Backups** (`exportBackup` / `importBackup`) are self-contained files: a fresh random key per
 *   file, wrapped by a PBKDF2 key from the backup passphrase, records sealed as in the vault, and
 *   an authenticated manifest of the ids. `mergeRecords` merges what was imported.
 *
 * ## What each mode protects against
 * | Threat | passphrase | device |
 * |---|---|---|
 * | Reading the extension's local storage / a synced or copied storage area, screenshots of the popup | protected | protected |
 * | A copy of the whole Chrome profile (storage + IndexedDB) | protected: needs the passphrase; guessing costs a PBKDF2 run per try | **not protected**: the device key is in the profile; a browser running that profile as this extension can unwrap (WebCrypto hides the key's bytes, not its use) |
 * | Someone using the browser while the vault is locked (after browser restart / auto-lock) | protected (unlock form, attempts slowed) | not protected: it unlocks without a secret |
 * | Moving/swapping records between ids, flipping bits in storage | detected (`tampered`) | detected (`tampered`) |
 * | Malware or a malicious extension/debugger running in the profile while unlocked, a weak passphrase | not protected | not protected |
 *
 * Errors are `VaultError` with a stable `code` and a fixed message; no secret is ever put in one.
 */
export { base64urlDecode, base64urlEncode, tryBase64urlDecode } from './base64url';
export { VaultError, isVaultError, type VaultErrorCode } from './errors';
export { ENVELOPE_ALG, ENVELOPE_VERSION, IV_BYTES, type Envelope, isEnvelope } from './envelope';
export {
  DEFAULT_KDF_ITERATIONS,
  MAX_KDF_ITERATIONS,
  SALT_BYTES,
  type KdfParams,
} from './kdf';
export { exportDataKey, generateDataKey, generateDeviceKey, importDataKey } from './keys';
export { MIN_PASSPHRASE_LENGTH, type PassphraseCheck, checkPassphrase } from './passphrase';
export { openRecord, sealRecord } from './records';
export {
  type DeviceHeader,
  type PassphraseHeader,
  type Protection,
  type Unlocked,
  type UnlockOptions,
  type VaultHeader,
  type VaultMode,
  HEADER_VERSION,
  createVault,
  headerNeedsUpgrade,
  parseVaultHeader,
  rewrap,
  unlockWithDeviceKey,
  unlockWithPassphrase,
  upgradeKdf,
} from './header';
export { BACKUP_FORMAT, BACKUP_VERSION, type BackupFile, type BackupOptions, exportBackup, importBackup } from './backup';
export { type MergeDecision, type MergePolicy, type MergeResult, mergeRecords, updatedAtOf } from './merge';
export {
  BASE_DELAY_MS,
  FREE_FAILURES,
  MAX_DELAY_MS,
  type ThrottleState,
  canAttempt,
  initialThrottleState,
  msUntilNextAttempt,
  nextAttemptDelay,
  parseThrottleState,
  recordFailure,
  recordSuccess,
  PassphraseGate,
  type GateResult,
  type ThrottleStore,
} from './throttle';
