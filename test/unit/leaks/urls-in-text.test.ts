import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { URL_IN_TEXT_RE, urlsInText } from '../../../src/core/leaks/scan';

/** What the regular expression finds, as urlsInText reports it. */
function byRegex(s: string): { index: number; text: string }[] {
  return [...s.matchAll(URL_IN_TEXT_RE)].map((m) => ({ index: m.index, text: m[0] }));
}

describe('urlsInText (linear, from each `://`)', () => {
  it('finds what URL_IN_TEXT_RE finds on hand-picked cases', () => {
    const cases = [
      'GET /x "https://shop.example/a?b=c" "Mozilla/5.0"',
      'see https://a.example/?r=https://b.example/cb and ftp://c.example',
      '1https://a.example 9a://b x://c ab://',
      'verylongschemename12345://a.example q+.-://b a://',
      'a.b+c-d://x "://y" ://z \u00a0http://\u00a0 http://é/ñ',
      ':////a://b//://c',
      `${'a'.repeat(40)}://x ${'-'.repeat(20)}b1://y`,
    ];
    for (const s of cases) expect([...urlsInText(s)], s).toEqual(byRegex(s));
  });

  it('finds what URL_IN_TEXT_RE finds on random text', () => {
    const alphabet = fc.constantFrom('a', 'B', 'z', '1', '+', '.', '-', ':', '/', '//', '://', ' ', '"', "'", '<', '\\', '`', '?', '=', '&', '\u00a0', '\u2028', 'é', 'https', 'x://');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), (parts) => {
        const s = parts.join('');
        expect([...urlsInText(s)]).toEqual(byRegex(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees on long runs of `://` and of scheme characters', () => {
    for (const s of ['a://'.repeat(50_000), `${'ab'.repeat(30_000)}://x`, `${'://'.repeat(30_000)}a`]) expect([...urlsInText(s)]).toEqual(byRegex(s));
  });
});
