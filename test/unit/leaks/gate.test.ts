import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quickGate } from '../../../src/core/leaks/index';
import { BASE64_HINTS, GATE_HINTS, WEAK_HINTS } from '../../../src/core/leaks/gate';
import { scanGatedText } from '../../../src/core/leaks/scan';
import { fakeClientSecret, fakeJwt } from './fake';
import { fakeAccessToken, fakeTg } from './fake';

describe('quickGate', () => {
  it('rejects ordinary URLs', () => {
    for (const u of [
      'https://www.example.com/products/123?utm_source=news&utm_medium=email',
      'https://cdn.example.net/static/js/app.4f3a2b.js',
      'https://www.google-analytics.com/g/collect?v=2&tid=G-ABC123&cid=555.666&en=page_view',
      'https://fonts.gstatic.com/s/roboto/v30/KFOmCnqEu92Fr1Mu4mxK.woff2',
      // Weak words with no judged name: everyday names, not credentials.
      'https://shop.example/account?csrf_token=AbC123dEf456&tab=profile',
      'https://api.example/v1/feed?page_token=xYz09&nextPageToken=QwErTy&limit=20',
      'https://api.example/api/tokens/123456/status',
      'https://shop.example/faq/secret-menu',
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
      'x?accessToken=1',
      'x?MP-Refresh-Token=1',
      'x?idToken=1',
      'x?appSecret=1',
      'x?SECRET_KEY=1',
      'x?csrf_token=1&acc%65ss_token=2',
      '{"acc\\u0065ss_token": "1"}',
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
    const names = ['access_token', 'refreshToken', 'ID-TOKEN', 'client.secret', 'AppSecret', 'secret_key'];
    const pieces = [...GATE_HINTS, ...WEAK_HINTS, ...names, 'ToKeN', 'Bearer', 'bearer', 'APP_', 'USR', '-', '%', '2', '5', 'T', 'G', 'S', 'E', 'x', '/', '='];
    const naive = (s: string) => GATE_HINTS.some((h) => s.includes(h)) || names.some((n) => s.includes(n)) || (WEAK_HINTS.some((h) => s.includes(h)) && /[%\\]/.test(s));
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 })), { maxLength: 12 }), (xs) => {
        const s = xs.join('');
        if (naive(s)) expect(quickGate(s), s).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('the gate is sound', () => {
  // What the engine finds with its gate skipped (scanGatedText from index 0), the gate lets through.
  const at = fakeAccessToken(3);
  const tg = fakeTg(3);
  const secrets = [at, tg, fakeClientSecret(3), fakeJwt(3), 'AbCdEfGh12345678IjKlMnOp'];
  const enc = (s: string) => encodeURIComponent(s);
  const pieces = fc.oneof(
    fc.constantFrom(...secrets, ...secrets.map(enc), ...secrets.map((s) => enc(enc(s)))),
    fc.constantFrom(...secrets.map((s) => Buffer.from(`{"access_token":"${s}"}`).toString('base64url'))),
    fc.constantFrom('access_token', 'refresh_token', 'id_token', 'client_secret', 'secret_key', 'app_secret', 'accessToken', 'csrf_token', 'page_token', 'tokens', 'secret'),
    fc.constantFrom('access%5Ftoken', 'access%255Ftoken', 'acc%65ss_token', 'access\\u005ftoken', 'Authorization: Bearer ', 'authorization: bearer '),
    fc.constantFrom('?', '&', '=', '#', '/', ': ', '"', '{', '}', ' ', '+', 'https://a.example/', 'u='),
    fc.string({ maxLength: 4 }),
  );
  it('never rejects a string the ungated engine finds something in', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 10 }), (xs) => {
        const s = xs.join('');
        if (!quickGate(s)) expect(scanGatedText(s, 0, {}), s).toEqual([]);
      }),
      { numRuns: 4000 },
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
