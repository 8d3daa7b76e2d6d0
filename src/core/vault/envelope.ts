/**
 * The versioned AES-GCM envelope shared by records, wrapped keys and backups:
 * `{v: 1, alg: 'A256GCM', iv: <base64url, 12 bytes>, ct: <base64url, ciphertext + 16-byte tag>}`.
 *
 * Every encryption draws a fresh random 96-bit IV from the `crypto` it is given and binds
 * caller-chosen additional data (AAD), so an envelope only opens in the context it was made for.
 */
import { base64urlEncode, tryBase64urlDecode } from './base64url';

export const ENVELOPE_VERSION = 1;
export const ENVELOPE_ALG = 'A256GCM';
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
/** Length of the raw AES-256 key. */
export const KEY_BYTES = 32;

export interface Envelope {
  v: 1;
  alg: 'A256GCM';
  /** base64url of the 12-byte IV. */
  iv: string;
  /** base64url of ciphertext followed by the 16-byte GCM tag. */
  ct: string;
}

/** An envelope whose fields have been checked and decoded. */
export interface DecodedEnvelope {
  iv: Uint8Array<ArrayBuffer>;
  ct: Uint8Array<ArrayBuffer>;
}

const ENVELOPE_KEYS = ['alg', 'ct', 'iv', 'v'];

export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** True when `x` has exactly the own enumerable keys `keys` (order-insensitive). */
export function hasExactKeys(x: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(x);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(x, k));
}

/**
 * Strictly validates and decodes an envelope: exactly the four fields, `v === 1`,
 * `alg === 'A256GCM'`, canonical base64url, a 12-byte IV, and a ciphertext of at least
 * `minPlaintext` bytes plus the tag (exactly `exactPlaintext` when given). Returns `null` otherwise.
 */
export function decodeEnvelope(
  x: unknown,
  size: { exactPlaintext?: number } = {},
): DecodedEnvelope | null {
  if (!isPlainObject(x) || !hasExactKeys(x, ENVELOPE_KEYS)) return null;
  if (x.v !== ENVELOPE_VERSION || x.alg !== ENVELOPE_ALG) return null;
  const iv = tryBase64urlDecode(x.iv);
  const ct = tryBase64urlDecode(x.ct);
  if (iv === null || ct === null || iv.length !== IV_BYTES) return null;
  if (size.exactPlaintext !== undefined ? ct.length !== size.exactPlaintext + TAG_BYTES : ct.length < TAG_BYTES) {
    return null;
  }
  return { iv, ct };
}

export function isEnvelope(x: unknown): x is Envelope {
  return decodeEnvelope(x) !== null;
}

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text);
}

function gcm(iv: Uint8Array<ArrayBuffer>, aad: Uint8Array<ArrayBuffer>): AesGcmParams {
  return { name: 'AES-GCM', iv, additionalData: aad, tagLength: TAG_BYTES * 8 };
}

function toEnvelope(iv: Uint8Array, ct: ArrayBuffer): Envelope {
  return { v: ENVELOPE_VERSION, alg: ENVELOPE_ALG, iv: base64urlEncode(iv), ct: base64urlEncode(new Uint8Array(ct)) };
}

/** AES-GCM encrypts `plaintext` under `key` with a fresh random IV and `aad`. */
export async function encryptToEnvelope(
  crypto: Crypto,
  key: CryptoKey,
  plaintext: Uint8Array<ArrayBuffer>,
  aad: Uint8Array<ArrayBuffer>,
): Promise<Envelope> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ct = await crypto.subtle.encrypt(gcm(iv, aad), key, plaintext);
  return toEnvelope(iv, ct);
}

/** Decrypts a decoded envelope. WebCrypto's `OperationError` (authentication failure) propagates. */
export async function decryptEnvelope(
  crypto: Crypto,
  key: CryptoKey,
  env: DecodedEnvelope,
  aad: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.decrypt(gcm(env.iv, aad), key, env.ct));
}

/**
 * Wraps (encrypts) the raw bytes of the extractable AES key `key` under `kek`, as an envelope.
 * Same bytes as encrypting the exported key, but done inside WebCrypto.
 */
export async function wrapKeyToEnvelope(
  crypto: Crypto,
  kek: CryptoKey,
  key: CryptoKey,
  aad: Uint8Array<ArrayBuffer>,
): Promise<Envelope> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ct = await crypto.subtle.wrapKey('raw', key, kek, gcm(iv, aad));
  return toEnvelope(iv, ct);
}

/**
 * Unwraps an AES-256-GCM key (extractable, encrypt/decrypt) from a decoded envelope.
 * WebCrypto's `OperationError` (authentication failure) propagates.
 */
export async function unwrapKeyFromEnvelope(
  crypto: Crypto,
  kek: CryptoKey,
  env: DecodedEnvelope,
  aad: Uint8Array<ArrayBuffer>,
): Promise<CryptoKey> {
  return crypto.subtle.unwrapKey('raw', env.ct, kek, gcm(env.iv, aad), { name: 'AES-GCM', length: 256 }, true, [
    'encrypt',
    'decrypt',
  ]);
}
