import { beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../scripts/sandbox/server';
import {
  ACCESS_RE,
  APP,
  PK_RE,
  REDIRECT,
  SELLER,
  SELLER_B,
  TEST_ACCESS_RE,
  TEST_PK_RE,
  TG_RE,
  codeFor,
  creds,
  get,
  linkSeller,
  pkce,
  start,
  token,
} from './helpers';
import { sandboxPerFile } from './helpers';

const sandbox = sandboxPerFile();
let sb: Sandbox;
beforeEach(() => {
  sb = sandbox();
});

async function errorOf(res: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function expectMpError(e: { status: number; body: Record<string, unknown> }, key: string, status = 400): void {
  expect(e.status).toBe(status);
  expect(e.body).toEqual({ message: expect.any(String), error: key, status, cause: [] });
}

const me = (t: string) => get(`${sb.url}/users/me`, { authorization: `Bearer ${t}` });

describe('authorization_code', () => {
  it.each(['S256', 'plain'] as const)('full flow with %s (form body) returns MP-shaped tokens', async (method) => {
    const p = pkce(method);
    const code = await codeFor(sb, p);
    const res = await token(sb, { grant_type: 'authorization_code', ...creds, code, redirect_uri: REDIRECT, code_verifier: p.verifier });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      ['access_token', 'expires_in', 'live_mode', 'public_key', 'refresh_token', 'scope', 'token_type', 'user_id'].sort(),
    );
    expect(body['token_type']).toBe('bearer');
    expect(body['expires_in']).toBe(15552000);
    expect(body['scope']).toBe('offline_access read write');
    expect(body['user_id']).toBe(Number(SELLER));
    expect(body['live_mode']).toBe(true);
    const at = body['access_token'] as string;
    expect(at).toMatch(ACCESS_RE);
    expect(at.startsWith(`APP_USR-${APP.clientId}-`)).toBe(true);
    expect(at.endsWith(`-${SELLER}`)).toBe(true);
    expect(body['refresh_token']).toMatch(TG_RE);
    expect((body['refresh_token'] as string).endsWith(`-${SELLER}`)).toBe(true);
    expect(body['public_key']).toMatch(PK_RE);
    expect((await me(at)).status).toBe(200);
  });

  it('accepts a JSON body (test_token "false" string as in the docs)', async () => {
    const p = pkce();
    const code = await codeFor(sb, p);
    const res = await token(
      sb,
      { grant_type: 'authorization_code', ...creds, code, redirect_uri: REDIRECT, code_verifier: p.verifier, test_token: 'false' },
      'json',
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { live_mode: boolean }).live_mode).toBe(true);
  });

  it.each([
    ['form "true"', 'true', 'form'],
    ['JSON boolean true', true, 'json'],
  ] as const)('test_token %s → TEST- tokens and live_mode false', async (_n, v, as) => {
    const p = pkce();
    const code = await codeFor(sb, p);
    const res = await token(
      sb,
      { grant_type: 'authorization_code', ...creds, code, redirect_uri: REDIRECT, code_verifier: p.verifier, test_token: v },
      as,
    );
    const body = (await res.json()) as Record<string, unknown>;
    expect(body['access_token']).toMatch(TEST_ACCESS_RE);
    expect(body['public_key']).toMatch(TEST_PK_RE);
    expect(body['refresh_token']).toMatch(TG_RE);
    expect(body['live_mode']).toBe(false);
  });

  it('access token middle segment is MMDDHH of the issue time', async () => {
    const body = await linkSeller(sb);
    const d = new Date(sb.clock.now());
    const pad = (n: number) => String(n).padStart(2, '0');
    const stamp = pad(d.getUTCMonth() + 1) + pad(d.getUTCDate()) + pad(d.getUTCHours());
    expect((body['access_token'] as string).split('-')[2]).toBe(stamp);
  });

  it('wrong verifier → invalid_grant; the code is not burnt by a failed attempt', async () => {
    const p = pkce();
    const code = await codeFor(sb, p);
    const base = { grant_type: 'authorization_code', ...creds, code, redirect_uri: REDIRECT };
    expectMpError(await errorOf(await token(sb, { ...base, code_verifier: pkce().verifier })), 'invalid_grant');
    expectMpError(await errorOf(await token(sb, { ...base })), 'invalid_request');
    expectMpError(await errorOf(await token(sb, { ...base, code_verifier: 'short' })), 'invalid_request');
    expect((await token(sb, { ...base, code_verifier: p.verifier })).status).toBe(200);
  });

  it('plain challenge must match the verifier exactly', async () => {
    const p = pkce('plain');
    const code = await codeFor(sb, p);
    const r = await token(sb, { grant_type: 'authorization_code', ...creds, code, redirect_uri: REDIRECT, code_verifier: pkce().verifier });
    expectMpError(await errorOf(r), 'invalid_grant');
  });

  it('code is single use: second exchange → invalid_grant', async () => {
    const p = pkce();
    const code = await codeFor(sb, p);
    const f = { grant_type: 'authorization_code', ...creds, code, redirect_uri: REDIRECT, code_verifier: p.verifier };
    expect((await token(sb, f)).status).toBe(200);
    expectMpError(await errorOf(await token(sb, f)), 'invalid_grant');
  });

  it('code expires after 10 minutes of sandbox clock', async () => {
    const p1 = pkce();
    const c1 = await codeFor(sb, p1);
    sb.clock.advance(9 * 60_000 + 59_000);
    expect(
      (await token(sb, { grant_type: 'authorization_code', ...creds, code: c1, redirect_uri: REDIRECT, code_verifier: p1.verifier })).status,
    ).toBe(200);
    const p2 = pkce();
    const c2 = await codeFor(sb, p2);
    sb.clock.advance(10 * 60_000 + 1);
    const r = await token(sb, { grant_type: 'authorization_code', ...creds, code: c2, redirect_uri: REDIRECT, code_verifier: p2.verifier });
    expectMpError(await errorOf(r), 'invalid_grant');
  });

  it('redirect_uri must equal the one used at /authorization', async () => {
    const p = pkce();
    const code = await codeFor(sb, p);
    const f = { grant_type: 'authorization_code', ...creds, code, code_verifier: p.verifier };
    expectMpError(await errorOf(await token(sb, { ...f, redirect_uri: REDIRECT + 'other' })), 'invalid_grant');
    expectMpError(await errorOf(await token(sb, f)), 'invalid_request');
  });

  it('unknown code → invalid_grant; missing code → invalid_request', async () => {
    const base = { grant_type: 'authorization_code', ...creds, redirect_uri: REDIRECT, code_verifier: pkce().verifier };
    expectMpError(await errorOf(await token(sb, { ...base, code: 'TG-000000000000000000000000-1' })), 'invalid_grant');
    expectMpError(await errorOf(await token(sb, base)), 'invalid_request');
  });

  it('a code issued to another app → invalid_grant', async () => {
    const other = { ...APP, clientId: '7777777777777777', clientSecret: 'B'.repeat(32), redirectUris: [REDIRECT] };
    sb.addApp(other);
    const p = pkce();
    const code = await codeFor(sb, p);
    const r = await token(sb, {
      grant_type: 'authorization_code',
      client_id: other.clientId,
      client_secret: other.clientSecret,
      code,
      redirect_uri: REDIRECT,
      code_verifier: p.verifier,
    });
    expectMpError(await errorOf(r), 'invalid_grant');
  });
});

describe('client authentication and request validation', () => {
  it('wrong secret or unknown client → invalid_client (400)', async () => {
    expectMpError(
      await errorOf(await token(sb, { grant_type: 'client_credentials', client_id: APP.clientId, client_secret: 'x'.repeat(32) })),
      'invalid_client',
    );
    expectMpError(
      await errorOf(await token(sb, { grant_type: 'client_credentials', client_id: '1', client_secret: APP.clientSecret })),
      'invalid_client',
    );
    expectMpError(await errorOf(await token(sb, { grant_type: 'client_credentials', client_id: APP.clientId })), 'invalid_client');
  });

  it('error messages never echo the submitted secret', async () => {
    const secret = 'Zz9'.repeat(10) + 'QQ';
    const res = await token(sb, { grant_type: 'client_credentials', client_id: APP.clientId, client_secret: secret });
    expect(await res.text()).not.toContain(secret);
  });

  it("older docs: the app's access token as client_secret is accepted", async () => {
    const appToken = `APP_USR-${APP.clientId}-010100-${'ab'.repeat(16)}-190837465`;
    const other = await start({ apps: [{ ...APP, appAccessToken: appToken, redirectUris: [REDIRECT] }] });
    try {
      const r = await token(other, { grant_type: 'client_credentials', client_id: APP.clientId, client_secret: appToken });
      expect(r.status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('missing / unknown grant_type', async () => {
    expectMpError(await errorOf(await token(sb, { ...creds })), 'invalid_request');
    expectMpError(await errorOf(await token(sb, { grant_type: 'password', ...creds })), 'unsupported_grant_type');
    expect(sb.tokenRequests().at(-1)?.grantType).toBe('unknown');
  });

  it('grant not allowed for the app → unauthorized_client', async () => {
    const other = await start({ apps: [{ ...APP, grants: ['authorization_code', 'refresh_token'], redirectUris: [REDIRECT] }] });
    try {
      expectMpError(await errorOf(await token(other, { grant_type: 'client_credentials', ...creds })), 'unauthorized_client');
    } finally {
      await other.close();
    }
  });

  it('malformed JSON / unsupported content type → invalid_request', async () => {
    const bad = await fetch(`${sb.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expectMpError(await errorOf(bad), 'invalid_request');
    const txt = await fetch(`${sb.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'a=b' });
    expectMpError(await errorOf(txt), 'invalid_request');
    const getIt = await fetch(`${sb.url}/oauth/token`);
    expect(getIt.status).toBe(405);
  });
});

describe('refresh_token', () => {
  it('rotates: new access + refresh token; the old refresh token is spent', async () => {
    const first = await linkSeller(sb);
    const rt1 = first['refresh_token'] as string;
    const r = await token(sb, { grant_type: 'refresh_token', ...creds, refresh_token: rt1 });
    expect(r.status).toBe(200);
    const second = (await r.json()) as Record<string, unknown>;
    expect(second['refresh_token']).toMatch(TG_RE);
    expect(second['refresh_token']).not.toBe(rt1);
    expect(second['access_token']).toMatch(ACCESS_RE);
    expect(second['access_token']).not.toBe(first['access_token']);
    expect(second['public_key']).toBe(first['public_key']);
    expect(second['expires_in']).toBe(15552000);
    expect(second['live_mode']).toBe(true);
    expect(sb.currentTokens(APP.clientId, SELLER)?.refreshToken).toBe(second['refresh_token']);
    // reuse of the old one
    expectMpError(await errorOf(await token(sb, { grant_type: 'refresh_token', ...creds, refresh_token: rt1 })), 'invalid_grant');
    // the new one works (JSON body)
    const third = await token(sb, { grant_type: 'refresh_token', ...creds, refresh_token: second['refresh_token'] as string }, 'json');
    expect(third.status).toBe(200);
  });

  it('carries over live_mode false', async () => {
    const first = await linkSeller(sb, { test_token: 'true' });
    const r = await token(sb, { grant_type: 'refresh_token', ...creds, refresh_token: first['refresh_token'] as string });
    const body = (await r.json()) as Record<string, unknown>;
    expect(body['live_mode']).toBe(false);
    expect(body['access_token']).toMatch(TEST_ACCESS_RE);
  });

  it('unknown, missing, or another client → invalid_grant / invalid_request', async () => {
    expectMpError(
      await errorOf(await token(sb, { grant_type: 'refresh_token', ...creds, refresh_token: 'TG-aaaaaaaaaaaaaaaaaaaaaaaa-1' })),
      'invalid_grant',
    );
    expectMpError(await errorOf(await token(sb, { grant_type: 'refresh_token', ...creds })), 'invalid_request');
    const other = { ...APP, clientId: '8888888888888888', clientSecret: 'C'.repeat(32) };
    sb.addApp(other);
    const first = await linkSeller(sb);
    const r = await token(sb, {
      grant_type: 'refresh_token',
      client_id: other.clientId,
      client_secret: other.clientSecret,
      refresh_token: first['refresh_token'] as string,
    });
    expectMpError(await errorOf(r), 'invalid_grant');
  });

  it('revokeGrants: refresh → invalid_grant, access token → 401', async () => {
    const t = await linkSeller(sb, {}, SELLER_B);
    expect((await me(t['access_token'] as string)).status).toBe(200);
    sb.revokeGrants(SELLER_B, APP.clientId);
    expectMpError(
      await errorOf(await token(sb, { grant_type: 'refresh_token', ...creds, refresh_token: t['refresh_token'] as string })),
      'invalid_grant',
    );
    expect((await me(t['access_token'] as string)).status).toBe(401);
    expect(sb.currentTokens(APP.clientId, SELLER_B)).toBeUndefined();
  });

  it('refresh token expires after 180 days of sandbox clock; access token too', async () => {
    const t = await linkSeller(sb);
    sb.clock.advance(15552000 * 1000);
    expect((await me(t['access_token'] as string)).status).toBe(401);
    expectMpError(
      await errorOf(await token(sb, { grant_type: 'refresh_token', ...creds, refresh_token: t['refresh_token'] as string })),
      'invalid_grant',
    );
  });
});

describe('client_credentials', () => {
  it('6 h access token for the app owner, no refresh token', async () => {
    const r = await token(sb, { grant_type: 'client_credentials', ...creds }, 'json');
    expect(r.status).toBe(200);
    const body = (await r.json()) as Record<string, unknown>;
    expect(body['expires_in']).toBe(21600);
    expect(body['token_type']).toBe('bearer');
    expect(body['live_mode']).toBe(true);
    expect(body).not.toHaveProperty('refresh_token');
    expect(body['access_token']).toMatch(ACCESS_RE);
    expect(body['user_id']).toBe(Number(APP.ownerUserId));
    const at = body['access_token'] as string;
    expect(sb.issued.clientCredentialsToken(APP.clientId)?.accessToken).toBe(at);
    const ok = await me(at);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { id: number }).id).toBe(Number(APP.ownerUserId));
    sb.clock.advance(6 * 3600_000 - 1000);
    expect((await me(at)).status).toBe(200);
    sb.clock.advance(2000);
    expect((await me(at)).status).toBe(401);
  });

  it('test_token → TEST- token, live_mode false', async () => {
    const r = await token(sb, { grant_type: 'client_credentials', ...creds, test_token: 'true' });
    const body = (await r.json()) as Record<string, unknown>;
    expect(body['access_token']).toMatch(TEST_ACCESS_RE);
    expect(body['live_mode']).toBe(false);
  });
});
