import { expect } from 'vitest';
import { base64urlDecode, base64urlEncode, VaultError, type VaultErrorCode } from '../../../src/core/vault';

export const c: Crypto = globalThis.crypto;
/** Small PBKDF2 cost for tests; one test checks the real default separately. */
export const FAST = 1_000;
export const PASS = 'correct horse battery';
export const OTHER_PASS = 'another good passphrase';

/** Flips one bit of the bytes a base64url string encodes and re-encodes them canonically. */
export function flipBit(b64: string, bit: number): string {
  const bytes = base64urlDecode(b64);
  const i = Math.floor(bit / 8) % bytes.length;
  bytes[i] = bytes[i]! ^ (1 << bit % 8);
  return base64urlEncode(bytes);
}

export async function expectVaultError(p: Promise<unknown>, code: VaultErrorCode): Promise<VaultError> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected VaultError('${code}')`).toBeInstanceOf(VaultError);
  expect((caught as VaultError).code).toBe(code);
  return caught as VaultError;
}

/** A Crypto whose every operation fails loudly: proves a function rejected its input before any crypto. */
export const noCrypto = new Proxy({} as Crypto, {
  get() {
    throw new Error('crypto must not be used');
  },
});
