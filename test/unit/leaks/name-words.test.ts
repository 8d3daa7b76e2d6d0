/**
 * nameWords and tooFewDistinct, which run on every value the rules judge, against plain reference
 * versions (a word built a character at a time; a list of the characters seen) on random names and
 * values: the same answers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameWords, tooFewDistinct } from '../../../src/core/leaks/rules/shared';

function referenceWords(name: string): string[] {
  const out: string[] = [];
  let word = '';
  let prevLowerOrDigit = false;
  for (let i = 0; i < Math.min(name.length, 128); i++) {
    const c = name.charCodeAt(i);
    const upper = c >= 65 && c <= 90;
    const lower = c >= 97 && c <= 122;
    const digit = c >= 48 && c <= 57;
    if (!upper && !lower && !digit) {
      if (word) out.push(word);
      word = '';
      prevLowerOrDigit = false;
      continue;
    }
    if (upper && prevLowerOrDigit && word) {
      out.push(word);
      word = '';
    }
    word += upper ? String.fromCharCode(c + 32) : name[i];
    prevLowerOrDigit = lower || digit;
  }
  if (word) out.push(word);
  return out;
}

function referenceTooFew(s: string, min: number): boolean {
  const seen: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (!seen.includes(s.charCodeAt(i))) {
      seen.push(s.charCodeAt(i));
      if (seen.length >= min) return false;
    }
  }
  return true;
}

const nameChar = fc.constantFrom(...'aAbBzZ09_-.[]%é€ '.split(''), '\u{1F600}');
const names = fc.oneof(fc.string({ unit: nameChar, maxLength: 40 }), fc.string({ maxLength: 200 }), fc.string({ unit: nameChar, minLength: 120, maxLength: 140 }));

describe('nameWords', () => {
  it('splits like the reference on random names', () => {
    fc.assert(fc.property(names, (name) => {
        expect(nameWords(name)).toEqual(referenceWords(name));
      }), { numRuns: 5000 });
  });
  it('keeps the documented examples', () => {
    expect(nameWords('MP_ACCESS_TOKEN')).toEqual(['mp', 'access', 'token']);
    expect(nameWords('refreshToken')).toEqual(['refresh', 'token']);
    expect(nameWords('client-secret')).toEqual(['client', 'secret']);
    expect(nameWords('X-Api-KEY2fooBar')).toEqual(['x', 'api', 'key2foo', 'bar']);
  });
});

describe('tooFewDistinct', () => {
  it('answers like the reference, also past its scratch space and for surrogate pairs', () => {
    const values = fc.oneof(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), maxLength: 40 }), fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 60 }));
    fc.assert(fc.property(values, fc.integer({ min: 0, max: 40 }), (s, min) => {
        expect(tooFewDistinct(s, min)).toBe(referenceTooFew(s, min));
      }), { numRuns: 5000 });
  });
});
