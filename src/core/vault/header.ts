/**
 * The vault header: how the data key is protected. The glue stores it as JSON in the
 * extension's local storage; it holds no secret in the clear.
 *
 * ```
 * {v: 1, mode: 'passphrase', kdf: {name: 'PBKDF2', hash: 'SHA-256', iterations, salt}, wrapped, createdAt, updatedAt}
 * {v: 1, mode: 'device', wrapped, createdAt, updatedAt}
 * ```
 * `wrapped` is an envelope of the 32 raw bytes of the data key, AAD `mpch:vault-key:v1`.
 */
import { decodeEnvelope, type DecodedEnvelope, type Envelope, hasExactKeys, isPlainObject, KEY_BYTES, utf8, unwrapKeyFromEnvelope, wrapKeyToEnvelope } from './envelope';
import { VaultError, isAuthFailure } from './errors';
import { DEFAULT_KDF_ITERATIONS, decodeKdfParams, deriveWrappingKey, type KdfParams, newKdfParams } from './kdf';
import { generateDataKey } from './keys';
import { checkPassphrase } from './passphrase';

export const HEADER_VERSION = 1;
const VAULT_KEY_AAD = 'mpch:vault-key:v1';

export interface PassphraseHeader {
  v: 1;
  mode: 'passphrase';
  kdf: KdfParams;
  wrapped: Envelope;
  createdAt: number;
  updatedAt: number;
}

export interface DeviceHeader {
  v: 1;
  mode: 'device';
  wrapped: Envelope;
  createdAt: number;
  updatedAt: number;
}

export type VaultHeader = PassphraseHeader | DeviceHeader;
export type VaultMode = VaultHeader['mode'];

/** How to protect the data key: a passphrase (PBKDF2; `iterations` defaults to the policy) or the device key. */
export type Protection =
  | { mode: 'passphrase'; passphrase: string; iterations?: number }
  | { mode: 'device'; deviceKey: CryptoKey };

export interface UnlockOptions {
  /** The current policy minimum; a stored count below it sets `needsUpgrade`. Default `DEFAULT_KDF_ITERATIONS`. */
  minIterations?: number;
}

export interface Unlocked {
  dataKey: CryptoKey;
  /** True when the stored KDF iterations are below the policy: call `upgradeKdf` with the same passphrase. */
  needsUpgrade: boolean;
}

const PASSPHRASE_KEYS = ['createdAt', 'kdf', 'mode', 'updatedAt', 'v', 'wrapped'];
const DEVICE_KEYS = ['createdAt', 'mode', 'updatedAt', 'v', 'wrapped'];

function isTime(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

function checkNow(now: number): void {
  if (!isTime(now)) throw new RangeError('now must be a finite, non-negative number of milliseconds');
}

interface DecodedHeader {
  header: VaultHeader;
  wrapped: DecodedEnvelope;
  salt: Uint8Array<ArrayBuffer> | null;
}

function decodeHeader(x: unknown): DecodedHeader {
  if (!isPlainObject(x) || x.v !== HEADER_VERSION || !isTime(x.createdAt) || !isTime(x.updatedAt)) {
    throw new VaultError('corrupt_header');
  }
  const wrapped = decodeEnvelope(x.wrapped, { exactPlaintext: KEY_BYTES });
  if (wrapped === null) throw new VaultError('corrupt_header');
  if (x.mode === 'passphrase' && hasExactKeys(x, PASSPHRASE_KEYS)) {
    const kdf = decodeKdfParams(x.kdf);
    if (kdf === null) throw new VaultError('corrupt_header');
    return { header: x as unknown as PassphraseHeader, wrapped, salt: kdf.salt };
  }
  if (x.mode === 'device' && hasExactKeys(x, DEVICE_KEYS)) {
    return { header: x as unknown as DeviceHeader, wrapped, salt: null };
  }
  throw new VaultError('corrupt_header');
}

/**
 * Strictly validates a stored header (exact fields, version, mode, KDF parameters within bounds,
 * salt ≥ 16 bytes, wrapped envelope of exactly one 32-byte key). Throws `VaultError('corrupt_header')`.
 */
export function parseVaultHeader(x: unknown): VaultHeader {
  return decodeHeader(x).header;
}

/** Pure check: does this passphrase header's KDF fall below the policy? Device headers never do. */
export function headerNeedsUpgrade(header: VaultHeader, opts: UnlockOptions = {}): boolean {
  const min = opts.minIterations ?? DEFAULT_KDF_ITERATIONS;
  return header.mode === 'passphrase' && header.kdf.iterations < min;
}

async function wrapWith(
  crypto: Crypto,
  dataKey: CryptoKey,
  to: Protection,
  createdAt: number,
  now: number,
  enforcePolicy = true,
): Promise<VaultHeader> {
  const aad = utf8(VAULT_KEY_AAD);
  if (to.mode === 'passphrase') {
    if (typeof to.passphrase !== 'string') throw new VaultError('weak_passphrase');
    if (enforcePolicy && checkPassphrase(to.passphrase) !== 'ok') throw new VaultError('weak_passphrase');
    const kdf = newKdfParams(crypto, to.iterations ?? DEFAULT_KDF_ITERATIONS);
    const salt = decodeKdfParams(kdf)!.salt;
    const kek = await deriveWrappingKey(crypto, to.passphrase, kdf.iterations, salt);
    const wrapped = await wrapKeyToEnvelope(crypto, kek, dataKey, aad);
    return { v: HEADER_VERSION, mode: 'passphrase', kdf, wrapped, createdAt, updatedAt: now };
  }
  if (to.mode === 'device') {
    const wrapped = await wrapKeyToEnvelope(crypto, to.deviceKey, dataKey, aad);
    return { v: HEADER_VERSION, mode: 'device', wrapped, createdAt, updatedAt: now };
  }
  throw new TypeError('unknown protection mode');
}

/**
 * Creates a new vault: a fresh random data key, wrapped as `init` says.
 * Throws `VaultError('weak_passphrase')` when the passphrase fails `checkPassphrase`,
 * `RangeError` for an iteration count outside [1, MAX_KDF_ITERATIONS] or a bad `now`.
 */
export async function createVault(
  crypto: Crypto,
  init: Protection,
  now: number,
): Promise<{ header: VaultHeader; dataKey: CryptoKey }> {
  checkNow(now);
  const dataKey = await generateDataKey(crypto);
  const header = await wrapWith(crypto, dataKey, init, now, now);
  return { header, dataKey };
}

/**
 * Unlocks a passphrase vault.
 * Throws `corrupt_header` (checked before any crypto), `wrong_mode` for a device header,
 * `wrong_passphrase` when the derived key does not authenticate the wrapped key.
 */
export async function unlockWithPassphrase(
  crypto: Crypto,
  header: unknown,
  passphrase: string,
  opts: UnlockOptions = {},
): Promise<Unlocked> {
  const decoded = decodeHeader(header);
  const h = decoded.header;
  if (h.mode !== 'passphrase' || decoded.salt === null) throw new VaultError('wrong_mode');
  if (typeof passphrase !== 'string') throw new VaultError('wrong_passphrase');
  const kek = await deriveWrappingKey(crypto, passphrase, h.kdf.iterations, decoded.salt);
  let dataKey: CryptoKey;
  try {
    dataKey = await unwrapKeyFromEnvelope(crypto, kek, decoded.wrapped, utf8(VAULT_KEY_AAD));
  } catch (e) {
    if (isAuthFailure(e)) throw new VaultError('wrong_passphrase');
    throw e;
  }
  return { dataKey, needsUpgrade: headerNeedsUpgrade(h, opts) };
}

/**
 * Unlocks a device-protected vault with the device key from IndexedDB.
 * Throws `corrupt_header`, `wrong_mode` for a passphrase header, `wrong_device_key` when the key does not match.
 */
export async function unlockWithDeviceKey(crypto: Crypto, header: unknown, deviceKey: CryptoKey): Promise<Unlocked> {
  const decoded = decodeHeader(header);
  if (decoded.header.mode !== 'device') throw new VaultError('wrong_mode');
  try {
    const dataKey = await unwrapKeyFromEnvelope(crypto, deviceKey, decoded.wrapped, utf8(VAULT_KEY_AAD));
    return { dataKey, needsUpgrade: false };
  } catch (e) {
    if (isAuthFailure(e)) throw new VaultError('wrong_device_key');
    throw e;
  }
}

/**
 * Re-wraps the (unlocked) data key under new protection and returns the new header:
 * change the passphrase, set one (device → passphrase), remove it (passphrase → device), or raise
 * the KDF. Records are untouched and stay readable. A passphrase target always gets a fresh salt.
 * `createdAt` is kept, `updatedAt = now`. The caller must pass the data key that `header` wraps
 * (this function cannot check it without the old secret).
 * Throws `corrupt_header`, `weak_passphrase`, or `RangeError` for bad iterations / `now`.
 */
export async function rewrap(
  crypto: Crypto,
  header: unknown,
  dataKey: CryptoKey,
  to: Protection,
  now: number,
): Promise<VaultHeader> {
  checkNow(now);
  const h = decodeHeader(header).header;
  return wrapWith(crypto, dataKey, to, h.createdAt, now);
}

/**
 * "Old vaults upgraded on unlock": after `unlockWithPassphrase` reported `needsUpgrade`, re-wrap with
 * the same passphrase and the current policy (`iterations`, default `DEFAULT_KDF_ITERATIONS`; never
 * lowers a stored count), with a fresh salt. The passphrase is the one that just unlocked, so the
 * length policy is not applied again (a passphrase set under an older policy still upgrades).
 * Throws `corrupt_header`, `wrong_mode` for a device header, `RangeError` for bad iterations / `now`.
 */
export async function upgradeKdf(
  crypto: Crypto,
  header: unknown,
  dataKey: CryptoKey,
  passphrase: string,
  now: number,
  opts: { iterations?: number } = {},
): Promise<VaultHeader> {
  const h = decodeHeader(header).header;
  if (h.mode !== 'passphrase') throw new VaultError('wrong_mode');
  checkNow(now);
  const iterations = Math.max(h.kdf.iterations, opts.iterations ?? DEFAULT_KDF_ITERATIONS);
  return wrapWith(crypto, dataKey, { mode: 'passphrase', passphrase, iterations }, h.createdAt, now, false);
}
