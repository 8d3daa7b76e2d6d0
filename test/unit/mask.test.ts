import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/core/leaks/index';
import { accessTokenRandomPart, maskSecret } from '../../src/core/mask';

const HEX = '0123456789abcdef0123456789abcdef';

describe('maskSecret', () => {
  it('keeps the prefix, four characters of the random part and the last four', () => {
    expect(maskSecret(`APP_USR-1234567890123456-031820-${HEX}-241983636`)).toBe('APP_USR-0123\u20263636');
    expect(maskSecret(`TEST-1234567890123456-031820-${HEX}__LA_LD__-241983636`)).toBe('TEST-0123\u20263636');
    expect(maskSecret('TG-0123456789abcdef01234567-241983636')).toBe('TG-0123\u20263636');
    expect(maskSecret('APP_USR-0f3c2a9e-7a1d-4a4b-9f5e-2b7c1d3e4f5a')).toBe('APP_USR-0f3c\u20264f5a');
  });
  it('tells apart two access tokens of the same seller and application', () => {
    const a = maskSecret(`APP_USR-1234567890123456-031820-${HEX}-241983636`);
    const b = maskSecret(`APP_USR-1234567890123456-031820-fedc${HEX.slice(4)}-241983636`);
    expect(a).not.toBe(b);
  });
  it('shows nothing of short values', () => {
    expect(maskSecret('short')).toBe('\u2022\u2022\u2022\u2022');
    expect(maskSecret('TEST-abc')).toBe('TEST-\u2022\u2022\u2022\u2022');
  });
  it('never contains the middle of the secret', () => {
    const secret = 'abcdefghijklmnopqrstuvwxyz012345';
    expect(maskSecret(secret)).not.toContain('ijklmnop');
  });
  it('shows at most 4 characters of a short bearer token (16 to 23 characters)', () => {
    expect(maskSecret('aB3dE6gH9jK2mN5p')).toBe('aB\u20265p');
    expect(maskSecret('aB3dE6gH9jK2mN5pQr8tU1w')).toBe('aB\u20261w');
    expect(maskSecret('aB3dE6gH9jK2mN5pQr8tU1wX')).toBe('aB3\u20261wX');
    // 16 hex characters are 64 bits: none may show.
    expect(maskSecret('0123456789abcdef')).toBe('\u2022\u2022\u2022\u2022');
    expect(maskSecret('abcdefghijk12')).toBe('\u2022\u2022\u2022\u2022');
  });
  it('keeps the mask shapes of Mercado Pago credentials and 32-character client secrets', () => {
    expect(maskSecret('aB3dE6gH9jK2mN5pQr8tU1wXyZ0cF4iL')).toBe('aB3d\u2026F4iL');
  });

  /** Characters of `value` (after its prefix) that its mask shows. */
  function shown(value: string): { rest: string; count: number } {
    const prefix = ['APP_USR-', 'TEST-', 'TG-'].find((p) => value.startsWith(p)) ?? '';
    const m = maskSecret(value);
    const body = m.slice(prefix.length);
    return { rest: value.slice(prefix.length), count: body.includes('\u2026') ? body.length - 1 : 0 };
  }
  it('never shows more than a quarter, at most 4 characters below 24, and leaves 64 bits hidden', () => {
    const alphabet = fc.constantFrom('0123456789abcdef', 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'abcdefghijklmnopqrstuvwxyz0123456789-_.');
    const value = fc
      .tuple(fc.constantFrom('', 'APP_USR-', 'TEST-', 'TG-'), alphabet, fc.integer({ min: 0, max: 200 }), fc.integer())
      .map(([prefix, abc, n, seed]) => {
        let s = '';
        let x = seed >>> 0 || 1;
        for (let i = 0; i < n; i++) {
          x = (Math.imul(x, 1103515245) + 12345) >>> 0;
          s += abc[x % abc.length];
        }
        return prefix + s;
      });
    fc.assert(
      fc.property(value, (v) => {
        const { rest, count } = shown(v);
        expect(count).toBeLessThanOrEqual(Math.floor(rest.length / 4));
        if (rest.length < 24) expect(count).toBeLessThanOrEqual(4);
        const bits = /^[0-9a-fA-F_.-]*$/.test(rest) ? 4 : 5.9;
        if (count > 0) expect((rest.length - count) * bits).toBeGreaterThanOrEqual(64);
      }),
      { numRuns: 2000 },
    );
  });
  it('leaves fingerprints as they were (the CLI ignore file and baseline depend on them)', () => {
    // SHA-256 of the raw value, first 16 hex characters: same digests as before masking changed.
    expect(fingerprint('aB3dE6gH9jK2mN5p')).toBe('01e9c727679063bc');
    expect(fingerprint('TG-0123456789abcdef01234567-241983636')).toBe('43f714f67f8fd3f2');
  });
});

describe('accessTokenRandomPart', () => {
  const RE = /^(?:APP_USR|TEST)-\d{10,16}-\d{6}-([0-9a-f]{32})(?:__[A-Z]{2}_[A-Z]{2}__)?-\d{6,12}$/;
  const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: min, maxLength: max });
  // Mostly the valid piece, sometimes a near miss, so that both answers come up often.
  const mostly = <T,>(valid: fc.Arbitrary<T>, near: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: near, weight: 1 });
  const lowerHex = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: min, maxLength: max });
  const hex = mostly(lowerHex(32, 32), fc.oneof(lowerHex(31, 33), fc.string({ unit: fc.constantFrom(...'0123456789abcdefABF'.split('')), minLength: 32, maxLength: 32 })));
  const segment = mostly(fc.constantFrom('', '__LA_LD__', '__LB_LC__'), fc.constantFrom('__la_LD__', '__LA_LD_', '_LA_LD__', '__L1_LD__', '__LAA_LD__', '__LA-LD__'));
  const sep = mostly(fc.constant('-'), fc.constantFrom('_', '', '--'));
  it('gives what the expression it replaces captures, on near-tokens of every kind', () => {
    let tokens = 0;
    fc.assert(
      fc.property(fc.constantFrom('APP_USR-', 'TEST-'), mostly(digits(10, 16), fc.oneof(digits(0, 9), digits(17, 18))), sep, mostly(digits(6, 6), fc.oneof(digits(5, 5), digits(7, 7))), sep, hex, segment, sep, mostly(digits(6, 12), fc.oneof(digits(0, 5), digits(13, 14))), mostly(fc.constant(''), fc.constantFrom('x', '-1', ' ', '_')), (p, a, s1, b, s2, h, seg, s3, u, tail) => {
        const v = `${p}${a}${s1}${b}${s2}${h}${seg}${s3}${u}${tail}`;
        const want = RE.exec(v)?.[1];
        if (want !== undefined) tokens++;
        expect(accessTokenRandomPart(v, p.length)).toBe(want);
      }),
      { numRuns: 20000 },
    );
    // Enough of them are tokens for both answers to be tried often.
    expect(tokens).toBeGreaterThan(200);
  });
});
