import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint, sha256Hex } from '../../../src/core/leaks/index';
import { sha256HexBytes, utf8Bytes } from '../../../src/core/leaks/sha256';

const node = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');

describe('sha256 (pure, synchronous)', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });
  it('matches node:crypto on arbitrary strings (UTF-8, lone surrogates, block boundaries)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        expect(sha256Hex(s)).toBe(node(s));
      }),
      { numRuns: 300 },
    );
    for (let n = 50; n < 140; n++) expect(sha256Hex('x'.repeat(n))).toBe(node('x'.repeat(n)));
  });
  it('matches node:crypto on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        expect(sha256HexBytes(b)).toBe(node(b));
      }),
      { numRuns: 200 },
    );
  });
  it('encodes UTF-8 like TextEncoder', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (s) => {
        expect([...utf8Bytes(s)]).toEqual([...new TextEncoder().encode(s)]);
      }),
      { numRuns: 200 },
    );
  });
  it('fingerprint is the first 16 hex characters', () => {
    const s = 'TG-0123456789abcdef01234567-241983636';
    expect(fingerprint(s)).toBe(node(s).slice(0, 16));
    expect(fingerprint(s)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('ScanOptions.sha256Hex (the scan CLI passes node:crypto.hash)', () => {
  it('gives the fingerprints of the engine’s own SHA-256', async () => {
    const { hash } = await import('node:crypto');
    const { scanText } = await import('../../../src/core/leaks/index');
    const native = (s: string) => hash('sha256', s, 'hex');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (s) => {
        expect(native(s).slice(0, 16)).toBe(fingerprint(s));
      }),
      { numRuns: 500 },
    );
    const line = 'GET /cb?code=TG-0123456789abcdef01234567-123456789&x=1 "Bearer APP_USR-1234567890123456-010203-0123456789abcdef0123456789abcdef-123456789"';
    const own = scanText(line, { textContext: 'text' });
    expect(own.length).toBeGreaterThan(0);
    expect(scanText(line, { textContext: 'text', sha256Hex: native })).toEqual(own);
  });
});
