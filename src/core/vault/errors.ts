/**
 * Vault errors: one class, stable string codes, fixed messages.
 *
 * The message is derived from the code only, so it can never carry a passphrase, a key,
 * a record value or a ciphertext. No `cause` is attached for the same reason.
 */
export type VaultErrorCode =
  /** The passphrase did not unwrap the key (GCM authentication failed). */
  | 'wrong_passphrase'
  /** The device key did not unwrap the key (e.g. IndexedDB was cleared and a new device key made). */
  | 'wrong_device_key'
  /** The header's mode does not match the unlock method used (device header given a passphrase, or the reverse). */
  | 'wrong_mode'
  /** A well-formed record failed authentication: its iv, ciphertext or id was changed. */
  | 'tampered'
  /** A record envelope is malformed, or has an unknown version or algorithm. */
  | 'corrupt_record'
  /** The vault header is malformed (checked strictly before any crypto). */
  | 'corrupt_header'
  /** A backup file is malformed, has the wrong format tag, or its content was changed. */
  | 'backup_corrupt'
  /** A new passphrase does not meet the policy (see `checkPassphrase`). */
  | 'weak_passphrase'
  /** No usable data key (vault locked, or the saved session key is unusable). */
  | 'locked';

const MESSAGES: Readonly<Record<VaultErrorCode, string>> = Object.freeze({
  wrong_passphrase: 'The passphrase is not correct.',
  wrong_device_key: 'This browser\u2019s device key cannot open the vault.',
  wrong_mode: 'The vault is not protected this way.',
  tampered: 'A stored record failed its integrity check.',
  corrupt_record: 'A stored record is malformed.',
  corrupt_header: 'The vault header is malformed.',
  backup_corrupt: 'The backup file is damaged or not a backup of this extension.',
  weak_passphrase: 'The passphrase does not meet the minimum requirements.',
  locked: 'The vault is locked.',
});

export class VaultError extends Error {
  override readonly name = 'VaultError';
  readonly code: VaultErrorCode;

  constructor(code: VaultErrorCode) {
    super(`vault: ${code}: ${MESSAGES[code]}`);
    this.code = code;
  }
}

export function isVaultError(e: unknown, code?: VaultErrorCode): e is VaultError {
  return e instanceof VaultError && (code === undefined || e.code === code);
}

/** True for the DOMException WebCrypto throws when AES-GCM authentication fails. */
export function isAuthFailure(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'OperationError';
}
