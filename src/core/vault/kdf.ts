/**
 * PBKDF2-SHA256 key derivation for passphrase-wrapped keys (vault header and backups).
 * The parameters travel with what they protect, so they can be raised later.
 */
import { base64urlEncode, tryBase64urlDecode } from './base64url';
import { hasExactKeys, isPlainObject, utf8 } from './envelope';
import { normalizePassphrase } from './passphrase';

/** Current policy: PBKDF2-SHA256 iterations for new wraps, and the minimum below which a vault needs an upgrade. */
export const DEFAULT_KDF_ITERATIONS = 600_000;
/**
 * Upper bound accepted from stored parameters. A header or backup file asking for more is
 * treated as malformed, so a hostile file cannot make the extension spin for minutes.
 */
export const MAX_KDF_ITERATIONS = 10_000_000;
/** Salt length for new parameters; stored salts must be at least this long. */
export const SALT_BYTES = 16;
export const MAX_SALT_BYTES = 64;

export interface KdfParams {
  name: 'PBKDF2';
  hash: 'SHA-256';
  iterations: number;
  /** base64url, 16+ random bytes, fresh per vault / per backup / per rewrap. */
  salt: string;
}

const KDF_KEYS = ['hash', 'iterations', 'name', 'salt'];

export function isValidIterations(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 1 && n <= MAX_KDF_ITERATIONS;
}

/** Strictly validates stored KDF parameters; returns the decoded salt, or `null` when malformed. */
export function decodeKdfParams(x: unknown): { params: KdfParams; salt: Uint8Array<ArrayBuffer> } | null {
  if (!isPlainObject(x) || !hasExactKeys(x, KDF_KEYS)) return null;
  if (x.name !== 'PBKDF2' || x.hash !== 'SHA-256' || !isValidIterations(x.iterations)) return null;
  const salt = tryBase64urlDecode(x.salt);
  if (salt === null || salt.length < SALT_BYTES || salt.length > MAX_SALT_BYTES) return null;
  return { params: { name: 'PBKDF2', hash: 'SHA-256', iterations: x.iterations, salt: x.salt as string }, salt };
}

/** Fresh parameters with a random salt. Throws `RangeError` for an iteration count outside [1, MAX_KDF_ITERATIONS]. */
export function newKdfParams(crypto: Crypto, iterations: number = DEFAULT_KDF_ITERATIONS): KdfParams {
  if (!isValidIterations(iterations)) throw new RangeError('invalid KDF iteration count');
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  return { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: base64urlEncode(salt) };
}

/** Derives a non-extractable AES-256-GCM key-wrapping key from a passphrase. */
export async function deriveWrappingKey(
  crypto: Crypto,
  passphrase: string,
  iterations: number,
  salt: Uint8Array<ArrayBuffer>,
): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', utf8(normalizePassphrase(passphrase)), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', iterations, salt },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}
