import { describe, expect, it } from 'vitest';
import { calculatePKCECodeChallenge } from 'oauth4webapi';
import {
  checkRelinkUser,
  CODE_TTL_MS,
  defaultEndpoints,
  isPendingExpired,
  isPendingFlow,
  OAuthError,
  parseCallback,
  pkceChallenge,
  startAuthorization,
  type PendingFlow,
} from '../../../src/core/oauth';
import { SITE_IDS, SITES } from '../../../src/core/sites';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
// RFC 7636 Appendix B. NB: MERCADOPAGO.md and the brief quote the verifier as
// 'dBjftJeZ4CVP-mJ92K5O-PJ5wHZWSQ-Cj-jjuSmMnAs', which is a garbled copy: its SHA-256 is
// 'rg11wDHEoQBgHSJpx2CUtNXTXRI19oCX-5C6jU3Fg6k'. The RFC's verifier is the base64url of the
// 32 octets listed in the appendix, checked below.
const RFC_OCTETS = [
  116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83,
  132, 141, 121,
];
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const fixedRandom = { codeVerifier: () => RFC_VERIFIER, state: () => 'state-123' };

const app = { id: 'app1', clientId: '1234567890123456', pkce: 'S256' as const };

describe('PKCE', () => {
  it('matches the RFC 7636 Appendix B test vector', async () => {
    expect(Buffer.from(RFC_OCTETS).toString('base64url')).toBe(RFC_VERIFIER);
    expect(await pkceChallenge(RFC_VERIFIER, 'S256')).toBe(RFC_CHALLENGE);
    expect(await calculatePKCECodeChallenge(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
  });
  it('the garbled verifier quoted in MERCADOPAGO.md does not produce the RFC challenge', async () => {
    expect(await pkceChallenge('dBjftJeZ4CVP-mJ92K5O-PJ5wHZWSQ-Cj-jjuSmMnAs', 'S256')).toBe('rg11wDHEoQBgHSJpx2CUtNXTXRI19oCX-5C6jU3Fg6k');
  });
  it('plain uses the verifier itself', async () => {
    expect(await pkceChallenge(RFC_VERIFIER, 'plain')).toBe(RFC_VERIFIER);
  });
});

describe('startAuthorization', () => {
  it('builds the exact URL with every parameter in order (S256)', async () => {
    const { url, pending } = await startAuthorization({
      app,
      redirectUri: REDIRECT,
      endpoints: defaultEndpoints('MLA'),
      now: NOW,
      random: fixedRandom,
    });
    expect(url).toBe(
      'https://auth.mercadopago.com.ar/authorization?client_id=1234567890123456&response_type=code&platform_id=mp' +
        '&state=state-123&redirect_uri=https%3A%2F%2Fabcdefghijklmnopabcdefghijklmnop.chromiumapp.org%2F' +
        `&code_challenge=${RFC_CHALLENGE}&code_challenge_method=S256`,
    );
    expect(pending).toEqual({ state: 'state-123', verifier: RFC_VERIFIER, appId: 'app1', redirectUri: REDIRECT, startedAt: NOW });
    expect(isPendingFlow(JSON.parse(JSON.stringify(pending)))).toBe(true);
  });

  it('uses the country auth host for every site', async () => {
    for (const id of SITE_IDS) {
      const { url } = await startAuthorization({ app, redirectUri: REDIRECT, endpoints: defaultEndpoints(id), now: NOW, random: fixedRandom });
      const u = new URL(url);
      expect(u.host).toBe(SITES[id].authHost);
      expect(u.pathname).toBe('/authorization');
      expect(u.searchParams.get('platform_id')).toBe('mp');
    }
    const generic = await startAuthorization({ app, redirectUri: REDIRECT, endpoints: defaultEndpoints(null), now: NOW, random: fixedRandom });
    expect(new URL(generic.url).host).toBe('auth.mercadopago.com');
  });

  it('plain: challenge equals the verifier', async () => {
    const { url, pending } = await startAuthorization({
      app: { ...app, pkce: 'plain' },
      redirectUri: REDIRECT,
      endpoints: defaultEndpoints('MLB'),
      now: NOW,
      random: fixedRandom,
    });
    const p = new URL(url).searchParams;
    expect(p.get('code_challenge')).toBe(RFC_VERIFIER);
    expect(p.get('code_challenge_method')).toBe('plain');
    expect(pending.verifier).toBe(RFC_VERIFIER);
  });

  it('off: no challenge parameters and no verifier', async () => {
    const { url, pending } = await startAuthorization({
      app: { ...app, pkce: 'off' },
      redirectUri: REDIRECT,
      endpoints: defaultEndpoints('MLM'),
      now: NOW,
      random: fixedRandom,
    });
    const p = new URL(url).searchParams;
    expect(p.has('code_challenge')).toBe(false);
    expect(p.has('code_challenge_method')).toBe(false);
    expect([...p.keys()]).toEqual(['client_id', 'response_type', 'platform_id', 'state', 'redirect_uri']);
    expect(pending.verifier).toBeNull();
  });

  it('generates a fresh state and a valid verifier by default', async () => {
    const a = await startAuthorization({ app, redirectUri: REDIRECT, endpoints: defaultEndpoints('MLC'), now: NOW });
    const b = await startAuthorization({ app, redirectUri: REDIRECT, endpoints: defaultEndpoints('MLC'), now: NOW });
    expect(a.pending.state).not.toBe(b.pending.state);
    expect(a.pending.state.length).toBeGreaterThanOrEqual(32);
    expect(a.pending.verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(new URL(a.url).searchParams.get('code_challenge')).toBe(await calculatePKCECodeChallenge(a.pending.verifier!));
  });

  it('records the user being re-linked', async () => {
    const { pending } = await startAuthorization({
      app,
      redirectUri: REDIRECT,
      endpoints: defaultEndpoints('MLU'),
      now: NOW,
      relinkUserId: '42',
      random: fixedRandom,
    });
    expect(pending.relinkUserId).toBe('42');
  });

  it('works with a loopback sandbox endpoint and refuses plain http elsewhere', async () => {
    const { url } = await startAuthorization({
      app,
      redirectUri: REDIRECT,
      endpoints: { authorization: 'http://127.0.0.1:8787/authorization' },
      now: NOW,
      random: fixedRandom,
    });
    expect(url.startsWith('http://127.0.0.1:8787/authorization?client_id=')).toBe(true);
    await expect(
      startAuthorization({ app, redirectUri: REDIRECT, endpoints: { authorization: 'http://evil.example/authorization' }, now: NOW }),
    ).rejects.toMatchObject({ code: 'endpoint_not_https' });
    await expect(
      startAuthorization({ app, redirectUri: REDIRECT, endpoints: { authorization: 'not a url' }, now: NOW }),
    ).rejects.toBeInstanceOf(OAuthError);
  });
});

describe('parseCallback', () => {
  const pending: PendingFlow = { state: 'state-123', verifier: RFC_VERIFIER, appId: 'app1', redirectUri: REDIRECT, startedAt: NOW };
  const cb = (query: string) => `${REDIRECT}?${query}`;
  const parse = (query: string, extra: Partial<{ now: number; usedStates: string[]; pending: PendingFlow }> = {}) =>
    parseCallback({ callbackUrl: cb(query), pending: extra.pending ?? pending, now: extra.now ?? NOW + 1000, usedStates: extra.usedStates ?? [] });

  it('accepts a matching state and returns the code', () => {
    expect(parse('code=TG-abc-1&state=state-123')).toEqual({ ok: true, code: 'TG-abc-1' });
  });

  it('rejects a state that differs in any way (exact comparison)', () => {
    for (const s of ['state-124', 'STATE-123', 'state-123%20', ' state-123', 'state-12', '']) {
      const r = parse(`code=TG-abc-1&state=${s}`);
      expect(r).toEqual({ ok: false, error: { code: 'state_mismatch', params: {} } });
    }
    expect(parse('code=TG-abc-1')).toMatchObject({ ok: false, error: { code: 'state_mismatch' } });
  });

  it('rejects a replayed state', () => {
    expect(parse('code=TG-abc-1&state=state-123', { usedStates: ['other', 'state-123'] })).toMatchObject({
      ok: false,
      error: { code: 'state_replayed' },
    });
  });

  it('rejects a code that arrives more than 10 minutes after the start (boundary inclusive)', () => {
    expect(parse('code=TG-abc-1&state=state-123', { now: NOW + CODE_TTL_MS })).toMatchObject({ ok: true });
    expect(parse('code=TG-abc-1&state=state-123', { now: NOW + CODE_TTL_MS + 1 })).toMatchObject({
      ok: false,
      error: { code: 'code_expired' },
    });
    expect(isPendingExpired(pending, NOW + CODE_TTL_MS)).toBe(false);
    expect(isPendingExpired(pending, NOW + CODE_TTL_MS + 1)).toBe(true);
  });

  it('maps access_denied, with or without state', () => {
    expect(parse('error=access_denied&state=state-123')).toMatchObject({ ok: false, error: { code: 'access_denied' } });
    expect(parse('error=access_denied')).toMatchObject({ ok: false, error: { code: 'access_denied' } });
  });

  it('carries other server errors (e.g. PKCE required) sanitized', () => {
    const r = parse(
      `error=invalid_request&error_description=${encodeURIComponent('code_challenge required\nfor APP_USR-1234567890123456-010101-abc-99')}&state=state-123`,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('authorization_error');
    expect(r.error.params.error).toBe('invalid_request');
    const desc = String(r.error.params.description);
    expect(desc).toContain('code_challenge required for');
    expect(desc).not.toContain('\n');
    expect(desc).not.toContain('1234567890123456');
  });

  it('still checks the state before trusting an error', () => {
    expect(parse('error=access_denied&state=forged')).toMatchObject({ ok: false, error: { code: 'state_mismatch' } });
  });

  it('rejects a missing code', () => {
    expect(parse('state=state-123')).toMatchObject({ ok: false, error: { code: 'missing_code' } });
    expect(parse('state=state-123&code=')).toMatchObject({ ok: false, error: { code: 'missing_code' } });
  });

  it('rejects a callback on another URL, repeated parameters and implicit-flow tokens', () => {
    expect(
      parseCallback({ callbackUrl: 'https://evil.example/?code=x&state=state-123', pending, now: NOW, usedStates: [] }),
    ).toMatchObject({ ok: false, error: { code: 'callback_invalid' } });
    expect(parseCallback({ callbackUrl: 'nonsense', pending, now: NOW, usedStates: [] })).toMatchObject({
      ok: false,
      error: { code: 'callback_invalid' },
    });
    expect(parse('code=a&code=b&state=state-123')).toMatchObject({ ok: false, error: { code: 'callback_invalid' } });
    expect(parse('code=a&state=state-123&state=state-123')).toMatchObject({ ok: false, error: { code: 'callback_invalid' } });
    expect(parse('token=x&state=state-123')).toMatchObject({ ok: false, error: { code: 'callback_invalid' } });
  });

  it('ignores an iss parameter', () => {
    expect(parse('code=TG-abc-1&state=state-123&iss=https%3A%2F%2Fauth.mercadopago.com')).toEqual({ ok: true, code: 'TG-abc-1' });
  });

  it('validates a stored pending flow', () => {
    expect(isPendingFlow(null)).toBe(false);
    expect(isPendingFlow({ ...pending, startedAt: 'x' })).toBe(false);
    expect(isPendingFlow({ ...pending, state: '' })).toBe(false);
    expect(isPendingFlow({ ...pending, verifier: null })).toBe(true);
  });
});

describe('checkRelinkUser', () => {
  it('accepts the same seller or a fresh link, refuses another seller', () => {
    expect(checkRelinkUser({}, '5')).toBeNull();
    expect(checkRelinkUser({ relinkUserId: '5' }, '5')).toBeNull();
    expect(checkRelinkUser({ relinkUserId: '5' }, '6')).toEqual({ code: 'relink_user_mismatch', params: {} });
  });
});
