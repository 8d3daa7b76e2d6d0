import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quickGate } from '../../../src/core/leaks/index';
import { BASE64_HINTS, GATE_HINTS } from '../../../src/core/leaks/gate';
import { fakeAccessToken, fakeTg } from './fake';

describe('quickGate', () => {
  it('rejects ordinary URLs', () => {
    for (const u of [
      'https://www.example.com/products/123?utm_source=news&utm_medium=email',
      'https://cdn.example.net/static/js/app.4f3a2b.js',
      'https://www.google-analytics.com/g/collect?v=2&tid=G-ABC123&cid=555.666&en=page_view',
      'https://fonts.gstatic.com/s/roboto/v30/KFOmCnqEu92Fr1Mu4mxK.woff2',
    ]) {
      expect(quickGate(u)).toBe(false);
    }
  });
  it('accepts every credential form the engine can decode', () => {
    const at = fakeAccessToken(1);
    const tg = fakeTg(1);
    for (const s of [
      at,
      tg,
      'x?access_token=1',
      'x?ACCESS_TOKEN=1',
      'x?client_secret=1',
      'Authorization: Bearer abc',
      encodeURIComponent(encodeURIComponent(`https://a.example/?access_token=${at}`)),
      [...at].map((c) => `%${c.charCodeAt(0).toString(16)}`).join(''),
      Buffer.from(at).toString('base64'),
      Buffer.from(tg).toString('base64url'),
    ]) {
      expect(quickGate(s), s.slice(0, 30)).toBe(true);
    }
  });
  it('base64 hints cover the keywords at every byte alignment', () => {
    const words = ['APP_USR-', 'TEST-', 'token', 'Token', 'secret', 'Secret'];
    fc.assert(
      fc.property(fc.constantFrom(...words), fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), fc.boolean(), (w, pre, post, url) => {
        const enc = Buffer.from(pre + w + post).toString(url ? 'base64url' : 'base64');
        expect(BASE64_HINTS.some((h) => enc.includes(h))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('quickGate is a superset of a search for every hint', () => {
  it('agrees with a plain substring search on hint-rich strings', () => {
    const pieces = [...GATE_HINTS, 'oken', 'OKEN', 'ToKeN', 'ecret', 'Bearer', 'bearer', 'APP_', 'USR', '-', '%', '2', '5', 'T', 'G', 'S', 'E', 'x', '/', '='];
    const naive = (s: string) => GATE_HINTS.some((h) => s.includes(h));
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 })), { maxLength: 12 }), (xs) => {
        const s = xs.join('');
        if (naive(s)) expect(quickGate(s), s).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('hasBase64Hint', () => {
  it('is exactly a search for BASE64_HINTS', async () => {
    const { hasBase64Hint } = await import('../../../src/core/leaks/gate');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...BASE64_HINTS, ...BASE64_HINTS.map((h) => h.slice(1)), ...BASE64_HINTS.map((h) => h.slice(0, -1))), fc.string({ maxLength: 3 })), { maxLength: 8 }), (xs) => {
        const s = xs.join('');
        expect(hasBase64Hint(s)).toBe(BASE64_HINTS.some((h) => s.includes(h)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('firstHintIndex', () => {
  it('is -1 exactly when the gate fails, and no hint starts before it', async () => {
    const { firstHintIndex } = await import('../../../src/core/leaks/gate');
    const pieces = [...GATE_HINTS, 'Token', 'x', '&', '=', '/', 'abc'];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 4 })), { maxLength: 10 }), (xs) => {
        const s = xs.join('');
        const i = firstHintIndex(s);
        expect(i >= 0).toBe(quickGate(s));
        if (i > 0) expect(quickGate(s.slice(0, i + 0))).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });
});
