/**
 * Property tests (fast-check): the engine never throws, never returns a raw secret in any field,
 * finds planted credentials wherever the rules say they are found, and stays within its bounds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Finding, type HttpRequestLike, fingerprint, scanRequest, scanText } from '../../../src/core/leaks/index';
import { MAX_FINDINGS, MAX_PARAM_CHARS, MAX_REPORTED_URL_CHARS } from '../../../src/core/leaks/limits';
import { setFastPathForTests } from '../../../src/core/leaks/scan';
import { fakeAccessToken, fakeClientSecret, fakeJwt, fakeOpaqueToken, fakePublicKey, fakeTg } from './fake';

/** FC_SCALE=20 npx vitest … runs 20× more cases (for bug hunting, not in CI). */
const SCALE = Number(process.env.FC_SCALE ?? 1);
const runs = (n: number) => ({ numRuns: Math.round(n * SCALE) });
const TIMEOUT = 30_000 * SCALE;

const HINTS = ['APP_USR-', 'TEST-', 'TG-', 'token', 'secret', '%', '%25', '%5F', '=', '&', '#', '?', '/', '://', '{"', '"}', ':', 'Bearer ', 'QVBQX1VTU', 'dG9rZW', '+', '\u2026', '\uD800'];
const noisy = fc
  .array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...HINTS), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 40 })
  .map((xs) => xs.join(''));

function checkBounds(fs: Finding[]): void {
  expect(fs.length).toBeLessThanOrEqual(MAX_FINDINGS);
  for (const f of fs) {
    expect(f.url.length).toBeLessThanOrEqual(MAX_REPORTED_URL_CHARS);
    if (f.param !== null) expect(f.param.length).toBeLessThanOrEqual(MAX_PARAM_CHARS);
    expect(f.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(f.fix.length).toBeGreaterThan(0);
  }
}

const itp = (name: string, fn: () => void) => it(name, fn, TIMEOUT);

describe('never throws, stays bounded', () => {
  itp('scanText on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(noisy, fc.string({ unit: 'binary', maxLength: 200 })), (s) => {
        checkBounds(scanText(s));
      }),
      runs(800),
    );
  });
  itp('scanRequest on arbitrary requests', () => {
    const header = fc.record({ name: fc.constantFrom('Referer', 'Authorization', 'Origin', 'Location', 'X-Any', ''), value: fc.option(noisy, { nil: undefined }) });
    const req = fc.record(
      {
        url: fc.oneof(noisy, fc.webUrl({ withQueryParameters: true, withFragments: true })),
        initiator: fc.oneof(fc.constant('https://shop.example'), noisy),
        requestHeaders: fc.array(header, { maxLength: 4 }),
        responseHeaders: fc.array(header, { maxLength: 2 }),
        requestBody: fc.record({ formData: fc.dictionary(noisy, fc.array(noisy, { maxLength: 3 }), { maxKeys: 3 }), raw: noisy }, { requiredKeys: [] }),
      },
      { requiredKeys: ['url'] },
    );
    fc.assert(
      fc.property(req, fc.constantFrom<string[] | undefined>(undefined, ['127.0.0.1:8787']), (r, hosts) => {
        checkBounds(scanRequest(r as HttpRequestLike, { mercadoPagoHosts: hosts }));
      }),
      runs(800),
    );
  });
  itp('long and repetitive input stays bounded', () => {
    const at = fakeAccessToken(3);
    const url = `https://shop.example/?${Array.from({ length: 2000 }, (_, i) => `p${i}=${encodeURIComponent(encodeURIComponent(`x=${at}`))}`).join('&')}`;
    const fs = scanRequest({ url });
    checkBounds(fs);
    expect(JSON.stringify(fs)).not.toContain(at);
  });
});

type Kind = 'access_token' | 'refresh_token' | 'client_secret' | 'bearer_token';
interface Planted {
  kind: Kind;
  secret: string;
  /** A name the secret is found under. */
  name: string;
}

const planted: fc.Arbitrary<Planted> = fc.oneof(
  fc.record({ seed: fc.integer({ min: 1, max: 1e6 }), test: fc.boolean(), legacy: fc.boolean(), app: fc.integer({ min: 10, max: 16 }), user: fc.integer({ min: 6, max: 12 }) }).map(
    ({ seed, test, legacy, app, user }) => ({
      kind: 'access_token' as const,
      secret: fakeAccessToken(seed, { prefix: test ? 'TEST' : 'APP_USR', legacy: legacy ? '__LA_LD__' : '', appIdDigits: app, userIdDigits: user }),
      name: 'access_token',
    }),
  ),
  fc.integer({ min: 1, max: 1e6 }).map((n) => ({ kind: 'refresh_token' as const, secret: fakeTg(n), name: 'refresh_token' })),
  fc.integer({ min: 1, max: 1e6 }).map((n) => ({ kind: 'client_secret' as const, secret: fakeClientSecret(n), name: 'client_secret' })),
  fc.integer({ min: 1, max: 1e6 }).map((n) => ({ kind: 'bearer_token' as const, secret: n % 2 ? fakeJwt(n) : fakeOpaqueToken(n), name: 'id_token' })),
);

const PLACEMENTS = ['query', 'fragment', 'nested', 'double', 'base64json', 'referer', 'form', 'json', 'location', 'text-kv', 'text-url'] as const;
type Placement = (typeof PLACEMENTS)[number];

const junkParam = fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 20 })).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);

function place(p: Planted, where: Placement, junk: string[]): { req?: HttpRequestLike; text?: string } {
  const j = junk.join('&');
  const kv = `${p.name}=${encodeURIComponent(p.secret)}`;
  const base = 'https://shop.example/app/page';
  switch (where) {
    case 'query':
      return { req: { url: `${base}?${j}${j ? '&' : ''}${kv}` } };
    case 'fragment':
      return { req: { url: `${base}?${j}#${kv}` } };
    case 'nested':
      return { req: { url: `${base}?${j}${j ? '&' : ''}next=${encodeURIComponent(`https://other.example/cb?${kv}`)}` } };
    case 'double':
      return { req: { url: `${base}?r=${encodeURIComponent(encodeURIComponent(`https://o.example/?${kv}&${j}`))}` } };
    case 'base64json':
      return { req: { url: `${base}?state=${Buffer.from(JSON.stringify({ [p.name]: p.secret, j })).toString('base64url')}&${j}` } };
    case 'referer':
      return { req: { url: 'https://cdn.example/x.js', requestHeaders: [{ name: 'Referer', value: `${base}?${kv}&${j}` }] } };
    case 'form':
      return { req: { url: 'https://api.example/x', requestBody: { formData: { [p.name]: [p.secret], other: junk } } } };
    case 'json':
      return { req: { url: 'https://api.example/x', requestBody: { raw: JSON.stringify({ a: junk, b: { [p.name]: p.secret } }) } } };
    case 'location':
      return { req: { url: `${base}?${j}`, responseHeaders: [{ name: 'Location', value: `/done?${kv}` }] } };
    case 'text-kv':
      return { text: `${new Date(0).toISOString()} info ${j.replace(/&/g, ' ')} "${p.name}": "${p.secret}" done` };
    case 'text-url':
      return { text: `GET ${base}?${j}${j ? '&' : ''}${kv} 200` };
  }
}

describe('planted credentials', () => {
  itp('are found, with the right kind, and never returned raw', () => {
    fc.assert(
      fc.property(planted, fc.constantFrom(...PLACEMENTS), fc.array(junkParam, { maxLength: 4 }), (p, where, junk) => {
        const input = place(p, where, junk);
        const fs = input.req ? scanRequest(input.req) : scanText(input.text ?? '');
        const json = JSON.stringify(fs);
        expect(json).not.toContain(p.secret);
        const fp = fingerprint(p.secret);
        const mine = fs.filter((f) => f.fingerprint === fp);
        expect(mine.length, `${where}`).toBeGreaterThan(0);
        expect(mine.every((f) => f.kind === p.kind)).toBe(true);
        checkBounds(fs);
      }),
      runs(1500),
    );
  });
  itp('masked values never hold the middle of the secret', () => {
    fc.assert(
      fc.property(planted, (p) => {
        const fs = scanRequest({ url: `https://shop.example/?${p.name}=${encodeURIComponent(p.secret)}` });
        for (const f of fs) expect(f.masked).not.toContain(p.secret.slice(4, -4));
      }),
      runs(300),
    );
  });
});

describe('the single-value fast path', () => {
  // URLs shaped like the fast path's case, and near misses of it: both paths must agree exactly.
  const value = fc.oneof(
    fc.integer({ min: 1, max: 1e6 }).map((n) => fakePublicKey(n, n % 3 ? 'APP_USR' : 'TEST')),
    fc.integer({ min: 1, max: 1e6 }).map((n) => fakeTg(n)),
    fc.integer({ min: 1, max: 1e6 }).map((n) => fakeAccessToken(n, { legacy: n % 4 ? '' : '__LA_LD__' })),
    fc.constantFrom('TG-60357f5d0cd06d000740646d-643464554', 'TG-000000000000000000000000-123456789', 'APP_USR-1234', 'TEST-', 'TG-x'),
    fc.integer({ min: 1, max: 1e6 }).map((n) => `${fakeTg(n)}%20`),
    fc.integer({ min: 1, max: 1e6 }).map((n) => `${fakePublicKey(n)}+x`),
  );
  const name = fc.constantFrom('code', 'public_key', 'publicKey', 'key', 'x', 'refresh', 'mp_refresh', 'a+b', 'a%5Fb', 'state', 'verylongparametername');
  const param = fc.oneof(
    fc.tuple(fc.stringMatching(/^[a-z]{0,6}$/), fc.stringMatching(/^[a-z0-9]{0,10}$/)).map(([k, v]) => `${k}=${v}`),
    fc.constantFrom('', 'csrf_token=abc', 'access_token=abcdefABCDEF0123456789', 'x=%41', 'v=QVBQX1VTUi0', 'n=APP_USR', 'b=Bearer', 'p=TEST%2D'),
  );
  const url = fc
    .record({
      path: fc.constantFrom('https://shop.example/oauth/callback', 'https://api.mercadopago.com/v1/card_tokens', '/relative', 'https://a.example/p/TG-1'),
      before: fc.array(param, { maxLength: 4 }),
      name,
      value,
      after: fc.array(param, { maxLength: 4 }),
      fragment: fc.constantFrom('', '#', '#x=1', '#access_token=y'),
    })
    .map(({ path, before, name: n, value: v, after, fragment }) => `${path}?${[...before, `${n}=${v}`, ...after].join('&')}${fragment}`);
  itp('finds exactly what the general path finds', () => {
    fc.assert(
      fc.property(url, (u) => {
        const fast = scanRequest({ url: u });
        const fastText = scanText(u);
        setFastPathForTests(false);
        try {
          expect(fast).toEqual(scanRequest({ url: u }));
          expect(fastText).toEqual(scanText(u));
        } finally {
          setFastPathForTests(true);
        }
      }),
      runs(3000),
    );
  });
  it('handles the parameter limit like the general path', () => {
    // MAX_PARAMS (256) parameters are read: the code is the 256th, then the 257th.
    const before = (n: number) => Array.from({ length: n }, (_, i) => `p${i}=1`).join('&');
    const at = (n: number) => `https://a.example/cb?${before(n)}&code=${fakeTg(9)}`;
    for (const u of [at(255), at(256), at(300)]) {
      const fast = scanRequest({ url: u });
      setFastPathForTests(false);
      const general = scanRequest({ url: u });
      setFastPathForTests(true);
      expect(fast).toEqual(general);
    }
    expect(scanRequest({ url: at(255) })).toHaveLength(1);
    // The code is parameter 257, past the limit: not reported, but the request says it was cut.
    const cut = scanRequest({ url: at(256) });
    expect(cut.map((f) => [f.kind, f.severity, f.location])).toEqual([['truncated', 'info', 'query']]);
    expect(cut[0]!.url).not.toContain('code=');
  });
});
