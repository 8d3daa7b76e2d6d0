import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/core/leaks/index';
import { maskSecret } from '../../src/core/mask';

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
