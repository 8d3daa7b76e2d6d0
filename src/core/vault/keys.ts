/**
 * Data keys and device keys.
 *
 * - The data key is a random AES-256-GCM key that encrypts records. It is extractable because
 *   the glue keeps it, while unlocked, in the extension's session storage as base64url and re-imports it
 *   after a service-worker restart, and because re-wrapping needs its raw bytes.
 * - The device key is a random, non-extractable AES-256-GCM key-wrapping key that the glue keeps
 *   in the extension's IndexedDB (CryptoKeys survive structured clone there without their bytes
 *   ever being readable by script).
 */
import { base64urlEncode, tryBase64urlDecode } from './base64url';
import { KEY_BYTES } from './envelope';
import { VaultError } from './errors';

export async function generateDataKey(crypto: Crypto): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
}

/** Non-extractable AES-256-GCM key with usages `wrapKey`/`unwrapKey` only. */
export async function generateDeviceKey(crypto: Crypto): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['wrapKey', 'unwrapKey']);
}

/** Raw bytes of the data key as base64url (for the extension's session storage only). */
export async function exportDataKey(crypto: Crypto, key: CryptoKey): Promise<string> {
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', key));
  try {
    return base64urlEncode(raw);
  } finally {
    raw.fill(0);
  }
}

/**
 * Re-imports a data key saved with `exportDataKey`. Anything that is not base64url of exactly
 * 32 bytes throws `VaultError('locked')`: the glue should treat the vault as locked.
 */
export async function importDataKey(crypto: Crypto, b64: string): Promise<CryptoKey> {
  const raw = tryBase64urlDecode(b64);
  if (raw === null || raw.length !== KEY_BYTES) throw new VaultError('locked');
  try {
    return await crypto.subtle.importKey('raw', raw, { name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  } finally {
    raw.fill(0);
  }
}
