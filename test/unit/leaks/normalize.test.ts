import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_NEST_DEPTH, MAX_PIECES, MAX_VALUE_CHARS } from '../../../src/core/leaks/limits';
import { type Piece, base64Decode, expandValue, percentDecode, splitUrl } from '../../../src/core/leaks/normalize';
import { fakeAccessToken } from './fake';

function layers(value: string, form = true, pieces = MAX_PIECES): Piece[] {
  const out: Piece[] = [];
  expandValue(value, 'p', 'p', form, 0, { pieces, work: Infinity, cut: false }, (p) => out.push(p));
  return out;
}

describe('percentDecode', () => {
  it('decodes, keeps invalid sequences, and reads + as space in forms only', () => {
    expect(percentDecode('a%20b+c', true)).toBe('a b c');
    expect(percentDecode('a%20b+c', false)).toBe('a b+c');
    expect(percentDecode('%E0%A4%A', false)).toBe('%E0%A4%A');
    expect(percentDecode('100%25%zz%41', false)).toBe('100%%zzA');
  });
});

describe('splitUrl', () => {
  it('returns path, query and fragment values with their spans', () => {
    const url = 'https://u:p@h.example:8080/a/b%2Fc?x=1&y&z=%41#k=v&w=2';
    const parts = splitUrl(url);
    for (const p of parts) expect(url.slice(p.start, p.end)).toBe(p.value);
    expect(parts.map((p) => [p.location, p.name, p.value])).toEqual([
      ['path', null, 'a'],
      ['path', null, 'b%2Fc'],
      ['query', 'x', '1'],
      ['query', null, 'y'],
      ['query', 'z', '%41'],
      ['fragment', 'k', 'v'],
      ['fragment', 'w', '2'],
    ]);
  });
  it('reads hash-routing fragments and relative URLs', () => {
    const parts = splitUrl('/cb?code=1#/route?access_token=t');
    expect(parts.map((p) => [p.location, p.name, p.value])).toEqual([
      ['path', null, 'cb'],
      ['query', 'code', '1'],
      ['fragment', null, '/route'],
      ['fragment', 'access_token', 't'],
    ]);
  });
  it('keeps spans exact on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string({ maxLength: 200 })), (u) => {
        for (const p of splitUrl(u)) expect(u.slice(p.start, p.end)).toBe(p.value);
      }),
      { numRuns: 300 },
    );
  });
});

describe('base64Decode', () => {
  it('matches Buffer for base64 and base64url, padded or not', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcXYZ019 -_:{}"'.split('')), minLength: 1, maxLength: 80 }), (s) => {
        const std = Buffer.from(s).toString('base64');
        expect(base64Decode(std)).toBe(s);
        expect(base64Decode(std.replace(/=+$/, ''))).toBe(s);
        expect(base64Decode(Buffer.from(s).toString('base64url'))).toBe(s);
      }),
      { numRuns: 300 },
    );
  });
  it('refuses binary and malformed input', () => {
    expect(base64Decode(Buffer.from([0, 1, 2, 3, 200, 201, 255, 7, 8]).toString('base64'))).toBeNull();
    expect(base64Decode('abcde')).toBeNull();
    expect(base64Decode('ab$d')).toBeNull();
  });
});

describe('expandValue', () => {
  const at = fakeAccessToken(1);
  it('unwraps double percent-encoding, nested URLs, base64 and JSON', () => {
    const nested = encodeURIComponent(encodeURIComponent(`https://a.example/?token=${at}`));
    const found = layers(nested).filter((p) => p.value.includes(at));
    expect(found.map((p) => p.chain)).toContain('p>token');
    const b64json = Buffer.from(JSON.stringify({ a: { access_token: at } })).toString('base64url');
    expect(layers(b64json).some((p) => p.chain === 'p>a>access_token' && p.value === at)).toBe(true);
    const form = encodeURIComponent(`x=1&client_secret=${at}`);
    expect(layers(form).some((p) => p.chain === 'p>client_secret' && p.final)).toBe(true);
  });
  it('marks only the most decoded layer as final', () => {
    const ps = layers('a%2520b');
    expect(ps.map((p) => [p.value, p.final])).toEqual([
      ['a%2520b', false],
      ['a%20b', false],
      ['a b', true],
    ]);
  });
  it('stops at MAX_NEST_DEPTH layers of nesting', () => {
    let v = `access_token=${at}`;
    for (let i = 0; i < MAX_NEST_DEPTH + 3; i++) v = Buffer.from(`token=${v}`).toString('base64');
    const deepest = Math.max(...layers(v).map((p) => (p.chain ?? '').split('>').length));
    expect(deepest).toBeLessThanOrEqual(MAX_NEST_DEPTH + 1);
  });
  it('is bounded in pieces and value size on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), fc.integer({ min: 1, max: 64 }), (s, budget) => {
        const ps = layers(s.repeat(1 + (s.length % 7)), true, budget);
        expect(ps.length).toBeLessThanOrEqual(budget);
        for (const p of ps) expect(p.value.length).toBeLessThanOrEqual(MAX_VALUE_CHARS);
      }),
      { numRuns: 200 },
    );
  });
});
