import { beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../scripts/sandbox/server';
import { APP, SELLER, TG_RE, authUrl, creds, get, linkSeller, pkce, token } from './helpers';
import { sandboxPerFile } from './helpers';

const sandbox = sandboxPerFile();
let sb: Sandbox;
beforeEach(() => {
  sb = sandbox();
});

const cc = (as: 'form' | 'json' = 'form') => token(sb, { grant_type: 'client_credentials', ...creds }, as);

describe('faults', () => {
  it('latency delays the next matching request only', async () => {
    sb.inject({ kind: 'latency', ms: 150 });
    let t0 = Date.now();
    expect((await cc()).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(sb.requests.at(-1)?.fault).toBe('latency');
    t0 = Date.now();
    await cc();
    expect(Date.now() - t0).toBeLessThan(140);
  });

  it('status 500 → MP-shaped JSON; 502/503 → gateway HTML; then back to normal', async () => {
    sb.inject({ kind: 'status', status: 500 });
    sb.inject({ kind: 'status', status: 502 });
    sb.inject({ kind: 'status', status: 503 });
    const a = await cc();
    expect(a.status).toBe(500);
    expect(await a.json()).toMatchObject({ error: 'internal_error', status: 500, cause: [] });
    const b = await cc();
    expect(b.status).toBe(502);
    expect(b.headers.get('content-type')).toMatch(/^text\/html/);
    await b.text();
    const c = await cc();
    expect(c.status).toBe(503);
    await c.text();
    expect((await cc()).status).toBe(200);
  });

  it('rate_limit → 429 with Retry-After and local_rate_limited', async () => {
    sb.inject({ kind: 'rate_limit', retryAfter: 7 });
    const r = await cc();
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(await r.json()).toEqual({ message: expect.any(String), error: 'local_rate_limited', status: 429, cause: [] });
    expect(sb.requests.at(-1)).toMatchObject({ status: 429, error: 'local_rate_limited', fault: 'rate_limit' });
  });

  it('malformed_json → 200 with a body that does not parse, without issuing anything', async () => {
    sb.inject({ kind: 'malformed_json' });
    const r = await cc();
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    await expect(r.json()).rejects.toThrow();
  });

  it('drop destroys the socket before processing: the code stays usable', async () => {
    const p = pkce();
    sb.setAutoApprove(SELLER);
    const back = new URL(
      (await get(authUrl(sb, { code_challenge: p.challenge, code_challenge_method: 'S256' }))).headers.get('location')!,
    );
    const code = back.searchParams.get('code')!;
    sb.inject({ kind: 'drop', grant: 'authorization_code' });
    const f = { grant_type: 'authorization_code', ...creds, code, redirect_uri: back.origin + back.pathname, code_verifier: p.verifier };
    await expect(token(sb, f)).rejects.toThrow();
    expect(sb.requests.at(-1)).toMatchObject({ status: 0, fault: 'drop', grantType: 'authorization_code' });
    expect((await token(sb, f)).status).toBe(200);
  });

  it('drop_after_rotate: server rotates, client gets no answer, old refresh token is spent', async () => {
    const t = await linkSeller(sb);
    const rt1 = t['refresh_token'] as string;
    sb.inject({ kind: 'drop_after_rotate' });
    await expect(token(sb, { grant_type: 'refresh_token', ...creds, refresh_token: rt1 })).rejects.toThrow();
    expect(sb.tokenRequests('refresh_token').at(-1)).toMatchObject({ status: 0, fault: 'drop_after_rotate' });
    const old = await token(sb, { grant_type: 'refresh_token', ...creds, refresh_token: rt1 });
    expect(old.status).toBe(400);
    expect(((await old.json()) as { error: string }).error).toBe('invalid_grant');
    const cur = sb.currentTokens(APP.clientId, SELLER)!;
    expect(cur.refreshToken).toMatch(TG_RE);
    expect(cur.refreshToken).not.toBe(rt1);
    expect((await token(sb, { grant_type: 'refresh_token', ...creds, refresh_token: cur.refreshToken })).status).toBe(200);
  });

  it('drop_after_rotate waits for a refresh that actually rotates', async () => {
    sb.inject({ kind: 'drop_after_rotate' });
    await cc(); // not a refresh
    const bad = await token(sb, { grant_type: 'refresh_token', ...creds, refresh_token: 'TG-aaaaaaaaaaaaaaaaaaaaaaaa-1' });
    expect(bad.status).toBe(400); // failed refresh does not use it
    expect(sb.faults).toHaveLength(1);
  });

  it('json_only: form → 415, JSON → accepted', async () => {
    sb.inject({ kind: 'json_only', times: 'always' });
    const form = await cc('form');
    expect(form.status).toBe(415);
    expect(((await form.json()) as { status: number }).status).toBe(415);
    expect((await cc('json')).status).toBe(200);
    expect((await cc('form')).status).toBe(415);
    expect(sb.faults[0]?.remaining).toBe('always');
  });

  it('times, grant and path filters', async () => {
    sb.inject({ kind: 'status', status: 503, times: 2, grant: 'refresh_token' });
    expect((await cc()).status).toBe(200); // other grant: untouched
    const t = await linkSeller(sb);
    const r1 = await token(sb, { grant_type: 'refresh_token', ...creds, refresh_token: t['refresh_token'] as string });
    const r2 = await token(sb, { grant_type: 'refresh_token', ...creds, refresh_token: t['refresh_token'] as string });
    expect([r1.status, r2.status]).toEqual([503, 503]);
    const r3 = await token(sb, { grant_type: 'refresh_token', ...creds, refresh_token: t['refresh_token'] as string });
    expect(r3.status).toBe(200); // 503s did not rotate
    sb.inject({ kind: 'status', status: 500, path: '/users/me' });
    expect((await cc()).status).toBe(200);
    expect((await get(`${sb.url}/users/me`)).status).toBe(500);
  });

  it('faults without a path leave the HTML pages alone; with path they hit them', async () => {
    sb.inject({ kind: 'status', status: 500 });
    const page = await get(authUrl(sb, { code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
    expect(page.status).toBe(200);
    expect(sb.faults).toHaveLength(1);
    sb.clearFaults();
    sb.inject({ kind: 'status', status: 503, path: '/authorization' });
    expect((await get(authUrl(sb, {}))).status).toBe(503);
  });

  it('faults queue in order and clearFaults empties the queue', async () => {
    sb.inject({ kind: 'rate_limit', retryAfter: 1 });
    sb.inject({ kind: 'status', status: 500 });
    expect((await cc()).status).toBe(429);
    expect((await cc()).status).toBe(500);
    sb.inject({ kind: 'status', status: 500, times: 5 });
    sb.clearFaults();
    expect((await cc()).status).toBe(200);
  });

  it('invalid faults are rejected', () => {
    expect(() => sb.inject({ kind: 'nope' } as never)).toThrow(/fault kind/);
    expect(() => sb.inject({ kind: 'status', status: 404 } as never)).toThrow(/status/);
    expect(() => sb.inject({ kind: 'latency', ms: -1 })).toThrow(/ms/);
    expect(() => sb.inject({ kind: 'drop', times: 0 })).toThrow(/times/);
    expect(() => sb.inject({ kind: 'drop', path: '/__sandbox/faults' })).toThrow(/path/);
  });
});
