import { describe, expect, it } from 'vitest';
import { maskSecret } from '../../../src/core/mask';
import {
  type CredentialKind,
  type Location,
  MAX_FINDINGS_FOR_TEST,
  fingerprint,
  originOf,
  scanRequest,
  scanText,
  severityOf,
} from './scan-helpers';
import { fakeAccessToken, fakeClientSecret, fakeJwt, fakePublicKey, fakeTg } from './fake';

const AT = fakeAccessToken(1);
const AT2 = fakeAccessToken(2);
const TG = fakeTg(1);

describe('scanRequest: findings', () => {
  it('masks every secret of the request in every finding', () => {
    const url = `https://shop.example/x?access_token=${AT}&r=${encodeURIComponent(`https://a.example/?refresh_token=${TG}`)}#t=${AT2}`;
    const fs = scanRequest({ url });
    expect(fs.map((f) => f.kind).sort()).toEqual(['access_token', 'access_token', 'refresh_token']);
    for (const f of fs) {
      for (const s of [AT, AT2, TG]) expect(JSON.stringify(f)).not.toContain(s);
      expect(f.url).toContain('access_token=APP_USR-');
      expect(f.url).toContain('\u2026');
    }
  });
  it('masks the whole value when the secret was encoded in it', () => {
    const state = Buffer.from(JSON.stringify({ access_token: AT })).toString('base64');
    const [f] = scanRequest({ url: `https://shop.example/cb?state=${encodeURIComponent(state)}&x=1` });
    expect(f!.url).toBe(`https://shop.example/cb?state=${maskSecret(AT)}&x=1`);
    expect(f!.url).not.toContain(state.slice(0, 20));
  });
  it('fingerprints the raw secret so stored tokens can be matched', () => {
    const [f] = scanRequest({ url: `https://shop.example/?access_token=${AT}` });
    expect(f!.fingerprint).toBe(fingerprint(AT));
    expect(f!.userId).toBe(AT.split('-').pop());
  });
  it('reports one finding per secret, location and name', () => {
    const fs = scanRequest({ url: `https://shop.example/?access_token=${AT}&access_token=${AT}&other=${AT}` });
    expect(fs.map((f) => f.param)).toEqual(['access_token', 'other']);
  });
  it('keeps the innermost name of an unwrapped value', () => {
    const fs = scanRequest({ url: `https://shop.example/?next=${encodeURIComponent(`/cb?refresh_token=${TG}`)}` });
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ kind: 'refresh_token', param: 'next>refresh_token' });
  });
  it('caps findings per request, most severe first, and still masks everything', () => {
    const pks = Array.from({ length: 40 }, (_, i) => `pk${i}=${fakePublicKey(i + 1)}`);
    const ats = Array.from({ length: 5 }, (_, i) => `at${i}=${fakeAccessToken(i + 50)}`);
    const fs = scanRequest({ url: `https://shop.example/?${[...pks, ...ats].join('&')}` });
    expect(fs).toHaveLength(MAX_FINDINGS_FOR_TEST);
    expect(fs.slice(0, 5).every((f) => f.severity === 'critical')).toBe(true);
    for (let i = 0; i < 5; i++) expect(fs[0]!.url).not.toContain(fakeAccessToken(i + 50));
  });
  it('treats a credential used as a parameter name', () => {
    const fs = scanRequest({ url: `https://shop.example/?${AT}` });
    expect(fs[0]).toMatchObject({ kind: 'access_token', location: 'query' });
    expect(fs[0]!.url).not.toContain(AT);
  });
  it('scans form bodies, JSON bodies, text bodies and raw form strings', () => {
    const cs = fakeClientSecret(3);
    const base = 'https://api.mercadopago.com/oauth/token';
    expect(scanRequest({ url: base, requestBody: { raw: `client_id=1&client_secret=${cs}` } })[0]).toMatchObject({ kind: 'client_secret', location: 'body' });
    expect(scanRequest({ url: base, requestBody: { raw: `[{"refresh_token":"${TG}"}]` } })[0]).toMatchObject({ kind: 'refresh_token', param: 'refresh_token' });
    expect(scanRequest({ url: base, requestBody: { raw: `note: token is ${AT} ok` } })[0]).toMatchObject({ kind: 'access_token', location: 'body', fixId: 'keep_token_on_backend' });
  });
  it('ignores input of the wrong types', () => {
    expect(scanRequest(null as never)).toEqual([]);
    expect(scanRequest({ url: 42 } as never)).toEqual([]);
    expect(scanRequest({ url: `https://x.example/?access_token=${AT}`, requestHeaders: 'x', requestBody: { formData: { a: 'x' } } } as never)).toHaveLength(1);
  });
});

describe('scanRequest: Referer and Authorization rules', () => {
  it('compares origins with default ports and case folded', () => {
    const referer = `HTTPS://Shop.Example:443/p?access_token=${AT}`;
    expect(scanRequest({ url: 'https://shop.example/a.js', requestHeaders: [{ name: 'Referer', value: referer }] })).toEqual([]);
    expect(scanRequest({ url: 'https://shop.example:8443/a.js', requestHeaders: [{ name: 'Referer', value: referer }] })[0]).toMatchObject({ location: 'referer' });
  });
  it('treats auth.mercadopago.<country> as Mercado Pago', () => {
    const req = (host: string) => ({ url: `https://${host}/oauth/token`, initiator: 'https://shop.example', requestHeaders: [{ name: 'Authorization', value: `Bearer ${AT}` }] });
    for (const h of ['auth.mercadopago.com.br', 'auth.mercadopago.cl', 'api.mercadopago.com']) expect(scanRequest(req(h))).toHaveLength(1);
    expect(scanRequest(req('api.mercadopago.com.evil.example'))).toEqual([]);
  });
  it('ignores non-bearer Authorization schemes', () => {
    expect(scanRequest({ url: 'https://api.mercadopago.com/x', initiator: 'https://shop.example', requestHeaders: [{ name: 'Authorization', value: `Basic ${Buffer.from('a:b').toString('base64')}` }] })).toEqual([]);
  });
});

describe('severity table', () => {
  const locations: Location[] = ['query', 'fragment', 'path', 'referer', 'authorization', 'body', 'location'];
  const expected: Record<CredentialKind, (l: Location) => string> = {
    access_token: () => 'critical',
    refresh_token: () => 'critical',
    client_secret: () => 'critical',
    public_key: () => 'info',
    authorization_code: (l) => (l === 'referer' ? 'warning' : 'info'),
    bearer_token: (l) => (l === 'body' ? 'info' : 'warning'),
  };
  it('is kind × location as specified', () => {
    for (const [kind, f] of Object.entries(expected) as [CredentialKind, (l: Location) => string][]) {
      for (const l of locations) expect(severityOf(kind, l), `${kind}@${l}`).toBe(f(l));
    }
  });
});

describe('originOf', () => {
  it('normalizes scheme, host and default port', () => {
    expect(originOf('https://user:pw@Example.COM:443/x')).toEqual({ scheme: 'https', host: 'example.com', hostname: 'example.com' });
    expect(originOf('http://127.0.0.1:8787/x')).toMatchObject({ host: '127.0.0.1:8787' });
    expect(originOf('http://[::1]:80/')).toMatchObject({ host: '[::1]' });
    expect(originOf('/relative')).toBeNull();
  });
});

describe('scanText', () => {
  it('strips trailing punctuation from URLs and masks the line', () => {
    const fs = scanText(`see (https://shop.example/?access_token=${AT}).`);
    expect(fs[0]).toMatchObject({ location: 'query', url: `https://shop.example/?access_token=${maskSecret(AT)}` });
  });
  it('unescapes JSON strings in log lines', () => {
    const fs = scanText(`{"url":"x","state":"${Buffer.from(`{"access_token":"${AT}"}`).toString('base64')}"}`);
    expect(fs[0]).toMatchObject({ kind: 'access_token', param: 'state>access_token' });
  });
  it('says "scrub the text" for text and follows the request rules for bodies', () => {
    expect(scanText(`token ${AT}`)[0]!.fixId).toBe('scrub_from_text');
    expect(scanText(`token ${AT}`, { textContext: 'body' })[0]!.fixId).toBe('keep_token_on_backend');
  });
  it('finds generic bearer tokens under OAuth names in text', () => {
    const jwt = fakeJwt(2);
    expect(scanText(`id_token=${jwt}`)[0]).toMatchObject({ kind: 'bearer_token', param: 'id_token' });
  });
  it('skips lines without hints at once', () => {
    expect(scanText('GET /index.html 200 1532 "Mozilla/5.0"')).toEqual([]);
  });
});

describe('nameMayMatter (pre-filter of the name rules)', () => {
  it('accepts every name the client-secret and bearer rules accept', async () => {
    const fc = (await import('fast-check')).default;
    const { nameMayMatter } = await import('../../../src/core/leaks/scan');
    const { namesBearerToken } = await import('../../../src/core/leaks/rules/bearer-token');
    const { namesClientSecret } = await import('../../../src/core/leaks/rules/client-secret');
    const parts = ['access', 'Access', 'ACCESS', 'refresh', 'Refresh', 'id', 'Id', 'ID', 'client', 'Client', 'app', 'secret', 'Secret', 'SECRET', 'key', 'Key', 'token', 'Token', 'TOKEN', '_', '-', '.', 'mp', 'x', '[]', ' '];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 6 }), (xs) => {
        const name = xs.join('');
        if (namesBearerToken(name) || namesClientSecret(name)) expect(nameMayMatter(name), name).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});
