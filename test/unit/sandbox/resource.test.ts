import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../scripts/sandbox/server';
import { APP, SELLER, SELLER_B, creds, get, linkSeller, start, token } from './helpers';

let sb: Sandbox;
let at: string;
beforeAll(async () => {
  sb = await start();
  at = (await linkSeller(sb))['access_token'] as string;
});
afterAll(() => sb.close());
beforeEach(() => {
  sb.clearFaults();
  sb.clock.offsetMs = 0;
});

const unauthorizedBody = { message: 'invalid_token', error: 'unauthorized', status: 401, cause: [] };

describe('GET /users/me', () => {
  it('with a Bearer header returns the seller account', async () => {
    const res = await get(`${sb.url}/users/me`, { authorization: `Bearer ${at}` });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: Number(SELLER),
      nickname: 'TIENDAPALERMO',
      site_id: 'MLA',
      email: 'test_user_318273645@testuser.com',
      first_name: 'Lucía',
      last_name: 'Fernández',
      country_id: 'AR',
    });
    expect(sb.requests.at(-1)).toMatchObject({ path: '/users/me', status: 200, bearer: true, userId: SELLER });
  });

  it('another seller gets their own country', async () => {
    const t = await linkSeller(sb, {}, SELLER_B);
    const res = await get(`${sb.url}/users/me`, { authorization: `Bearer ${t['access_token'] as string}` });
    expect(await res.json()).toMatchObject({ id: Number(SELLER_B), site_id: 'MLB', country_id: 'BR' });
  });

  it('a token in the query string → 401, even a valid one, and is flagged', async () => {
    const res = await get(`${sb.url}/users/me?access_token=${encodeURIComponent(at)}`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body['error']).toBe('unauthorized');
    expect(body['status']).toBe(401);
    const entry = sb.requests.at(-1)!;
    expect(entry.tokenInQuery).toBe(true);
    expect(entry.queryKeys).toEqual(['access_token']);
  });

  it('unknown, missing, or expired token → 401 invalid_token', async () => {
    const unknown = await get(`${sb.url}/users/me`, { authorization: `Bearer APP_USR-1-000000-${'0'.repeat(32)}-1` });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await unknown.json()).toEqual(unauthorizedBody);
    const missing = await get(`${sb.url}/users/me`);
    expect(await missing.json()).toEqual(unauthorizedBody);
    sb.clock.advance(15552000 * 1000 + 1);
    const expired = await get(`${sb.url}/users/me`, { authorization: `Bearer ${at}` });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toEqual(unauthorizedBody);
  });
});

describe('payments (for leak tests)', () => {
  it.each(['/v1/payments/search', '/v1/payments'])('%s answers a Bearer request', async (p) => {
    const res = await get(`${sb.url}${p}?status=approved`, { authorization: `Bearer ${at}` });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: Array<Record<string, unknown>>; paging: { total: number } };
    expect(body.results.length).toBe(body.paging.total);
    expect(body.results[0]).toMatchObject({ currency_id: 'ARS', collector_id: Number(SELLER) });
    expect(sb.requests.at(-1)?.tokenInQuery).toBeUndefined();
  });

  it('also accepts ?access_token= (as MP did) but logs tokenInQuery', async () => {
    const res = await get(`${sb.url}/v1/payments/search?access_token=${encodeURIComponent(at)}&limit=5`);
    expect(res.status).toBe(200);
    const entry = sb.requests.at(-1)!;
    expect(entry.tokenInQuery).toBe(true);
    expect(entry.queryKeys).toEqual(['access_token', 'limit']);
  });

  it('no token → 401', async () => {
    expect((await get(`${sb.url}/v1/payments/search`)).status).toBe(401);
  });
});

describe('request log and console never carry secrets', () => {
  it('contains no token, code, verifier or secret after a busy session', async () => {
    const t = await linkSeller(sb, { test_token: 'true' });
    await token(sb, { grant_type: 'refresh_token', ...creds, refresh_token: t['refresh_token'] as string });
    await token(sb, { grant_type: 'client_credentials', ...creds });
    await get(`${sb.url}/v1/payments?access_token=${encodeURIComponent(at)}`);
    await get(`${sb.url}/users/me?${encodeURIComponent(at)}`); // a bare token as a parameter name
    const log = JSON.stringify(sb.requests);
    expect(log).not.toMatch(/APP_USR-|TEST-|TG-/);
    expect(log).not.toContain(APP.clientSecret);
    expect(log).not.toMatch(/[0-9a-f]{24}/);
    expect(sb.requests.some((r) => r.queryKeys.includes('(other)'))).toBe(true);
    const ctl = await fetch(`${sb.url}/__sandbox/requests`);
    expect(await ctl.text()).not.toMatch(/APP_USR-|TEST-|TG-/);
  });

  it('tokenRequests filters by grant', () => {
    const all = sb.tokenRequests();
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((r) => r.path === '/oauth/token')).toBe(true);
    const rt = sb.tokenRequests('refresh_token');
    expect(rt.length).toBeGreaterThan(0);
    expect(rt.every((r) => r.grantType === 'refresh_token')).toBe(true);
  });

  it('logs to the console without tokens when not quiet', async () => {
    const lines: string[] = [];
    const orig = console.log;
    console.log = (...a: unknown[]) => void lines.push(a.join(' '));
    const loud = await start({ quiet: false });
    try {
      const t = await linkSeller(loud);
      await get(`${loud.url}/users/me?access_token=${encodeURIComponent(t['access_token'] as string)}`);
    } finally {
      console.log = orig;
      await loud.close();
    }
    expect(lines.some((l) => l.includes('/oauth/token'))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/APP_USR-|TG-|access_token=/);
  });
});
