import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode, tryBase64urlDecode } from '../../../src/core/vault';

const enc = (s: string) => new TextEncoder().encode(s);

describe('base64url', () => {
  it('matches the RFC 4648 vectors, without padding', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, b64] of vectors) {
      expect(base64urlEncode(enc(plain))).toBe(b64);
      expect(new TextDecoder().decode(base64urlDecode(b64))).toBe(plain);
    }
  });

  it('uses the URL-safe alphabet', () => {
    expect(base64urlEncode(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('-_-_');
    expect([...base64urlDecode('-_-_')]).toEqual([0xfb, 0xff, 0xbf]);
  });

  it('round-trips any bytes and agrees with Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = base64urlEncode(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect([...base64urlDecode(text)]).toEqual([...bytes]);
      }),
    );
  });

  it('rejects anything that is not the canonical encoding', () => {
    // padding, standard-alphabet characters, whitespace, impossible length, non-ASCII
    for (const bad of ['Zg==', 'Zm9v+', 'Zm9/', 'Zm 9v', 'Z', 'Zm9vY', '\u00e9\u00e9', 'Zm9v\n']) {
      expect(tryBase64urlDecode(bad), bad).toBeNull();
    }
    // the last character carries non-zero unused bits (would decode to the same bytes as Zg / Zm8)
    for (const bad of ['Zh', 'Zm9', 'Zm-']) expect(tryBase64urlDecode(bad), bad).toBeNull();
    expect(tryBase64urlDecode('Zm8')).not.toBeNull();
    expect(tryBase64urlDecode(42)).toBeNull();
    expect(() => base64urlDecode('Zg==')).toThrow(TypeError);
  });

  it('never echoes the input in its error', () => {
    expect(() => base64urlDecode('secret-value=')).toThrow(/^invalid base64url$/);
  });
});
