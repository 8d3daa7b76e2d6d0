/**
 * Records: one JSON value per id, sealed with the data key.
 *
 * AAD is `mpch:record:v1:` + id (UTF-8), so an envelope moved under another id, or into any
 * other context (wrapped key, backup manifest), fails authentication.
 */
import {
  decodeEnvelope,
  decryptEnvelope,
  encryptToEnvelope,
  type DecodedEnvelope,
  type Envelope,
  utf8,
} from './envelope';
import { VaultError, isAuthFailure } from './errors';

const RECORD_AAD_PREFIX = 'mpch:record:v1:';

export function recordAad(id: string): Uint8Array<ArrayBuffer> {
  return utf8(RECORD_AAD_PREFIX + id);
}

function checkId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.length === 0) throw new TypeError('record id must be a non-empty string');
}

/** Serializes `value` as JSON; throws `TypeError` (without echoing the value) when it cannot be. */
function serialize(value: unknown): Uint8Array<ArrayBuffer> {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    throw new TypeError('record value is not JSON-serializable');
  }
  if (json === undefined) throw new TypeError('record value is not JSON-serializable');
  return utf8(json);
}

/**
 * Seals `value` (anything `JSON.stringify` accepts) under `dataKey`, bound to `id`.
 * Every call uses a fresh random IV. Throws `TypeError` for an empty id or a value JSON cannot encode.
 */
export async function sealRecord(crypto: Crypto, dataKey: CryptoKey, id: string, value: unknown): Promise<Envelope> {
  checkId(id);
  const plaintext = serialize(value);
  try {
    return await encryptToEnvelope(crypto, dataKey, plaintext, recordAad(id));
  } finally {
    plaintext.fill(0);
  }
}

/** Decrypts and parses an already-decoded envelope; `codes` chooses the errors for an authentication failure and for a plaintext that is not JSON. */
export async function openDecoded(
  crypto: Crypto,
  key: CryptoKey,
  id: string,
  env: DecodedEnvelope,
  codes: { auth: VaultError['code']; plaintext: VaultError['code'] },
): Promise<unknown> {
  let plaintext: Uint8Array<ArrayBuffer>;
  try {
    plaintext = await decryptEnvelope(crypto, key, env, recordAad(id));
  } catch (e) {
    if (isAuthFailure(e)) throw new VaultError(codes.auth);
    throw e;
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext)) as unknown;
  } catch {
    throw new VaultError(codes.plaintext);
  } finally {
    plaintext.fill(0);
  }
}

/**
 * Opens a record sealed by `sealRecord` under the same id.
 * - `VaultError('corrupt_record')`: not an envelope (wrong shape, unknown `v`/`alg`, bad base64url,
 *   IV not 12 bytes, ciphertext shorter than the tag).
 * - `VaultError('tampered')`: a well-formed envelope that fails authentication — its iv or ct was
 *   changed, it was sealed under another id, or with another key. Never returns unauthenticated data.
 */
export async function openRecord(crypto: Crypto, dataKey: CryptoKey, id: string, envelope: unknown): Promise<unknown> {
  checkId(id);
  const env = decodeEnvelope(envelope);
  if (env === null) throw new VaultError('corrupt_record');
  return openDecoded(crypto, dataKey, id, env, { auth: 'tampered', plaintext: 'corrupt_record' });
}
