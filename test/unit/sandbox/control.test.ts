import { spawn } from 'node:child_process';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseArgs } from '../../../scripts/sandbox/cli';
import { DEFAULT_APPS, DEFAULT_SELLERS, startSandbox, type Sandbox } from '../../../scripts/sandbox/server';
import { APP, REDIRECT, SELLER, authUrl, control, creds, get, linkSeller, pkce, token } from './helpers';
import { sandboxPerFile } from './helpers';

const sandbox = sandboxPerFile();
let sb: Sandbox;
beforeEach(() => {
  sb = sandbox();
});

describe('defaults', () => {
  it('one PKCE app with a 32-char secret and three sellers from different countries', () => {
    expect(DEFAULT_APPS).toHaveLength(1);
    const app = DEFAULT_APPS[0]!;
    expect(app).toMatchObject({ name: 'Sandbox App', clientId: '1234567890123456', pkce: true, redirectUris: [] });
    expect(app.clientSecret).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(DEFAULT_SELLERS).toHaveLength(3);
    expect(new Set(DEFAULT_SELLERS.map((s) => s.siteId)).size).toBe(3);
  });

  it('startSandbox() with no options serves the defaults on a random port, and defaults are not shared', async () => {
    const a = await startSandbox({ quiet: true });
    try {
      expect(a.url).toBe(`http://127.0.0.1:${a.port}`);
      expect(a.port).toBeGreaterThan(0);
      a.addRedirectUri(DEFAULT_APPS[0]!.clientId, 'https://x.example/cb');
      expect(DEFAULT_APPS[0]!.redirectUris).toEqual([]);
      expect(a.apps[0]!.redirectUris).toEqual(['https://x.example/cb']);
    } finally {
      await a.close();
    }
  });
});

describe('HTTP control API', () => {
  it('POST/GET/DELETE /__sandbox/faults', async () => {
    const add = await control(sb, 'POST', 'faults', { kind: 'rate_limit', retryAfter: 3, grant: 'client_credentials' });
    expect(add.status).toBe(201);
    expect(await add.json()).toEqual([{ kind: 'rate_limit', retryAfter: 3, grant: 'client_credentials', remaining: 1 }]);
    expect(
      (await control(sb, 'POST', 'faults', [{ kind: 'latency', ms: 1 }, { kind: 'drop', times: 'always', path: '/v1/payments' }]))
        .status,
    ).toBe(201);
    expect(((await (await control(sb, 'GET', 'faults')).json()) as unknown[]).length).toBe(3);
    expect((await token(sb, { grant_type: 'client_credentials', ...creds })).status).toBe(429);
    expect((await control(sb, 'DELETE', 'faults')).status).toBe(200);
    expect(sb.faults).toEqual([]);
    const bad = await control(sb, 'POST', 'faults', { kind: 'explode' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_fault');
  });

  it('control POSTs need application/json', async () => {
    const r = await fetch(`${sb.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ kind: 'drop' }),
    });
    expect(r.status).toBe(415);
    expect(sb.faults).toEqual([]);
  });

  it('POST /__sandbox/clock {advanceMs} and {offsetMs}', async () => {
    const r = await control(sb, 'POST', 'clock', { advanceMs: 5000 });
    expect(((await r.json()) as { offsetMs: number }).offsetMs).toBe(5000);
    await control(sb, 'POST', 'clock', { offsetMs: 42 });
    expect(sb.clock.offsetMs).toBe(42);
    sb.clock.advance(8);
    expect(sb.clock.offsetMs).toBe(50);
    expect(Math.abs(sb.clock.now() - (Date.now() + 50))).toBeLessThan(50);
    expect((await control(sb, 'POST', 'clock', { nope: 1 })).status).toBe(400);
  });

  it('POST /__sandbox/auto-approve', async () => {
    expect((await control(sb, 'POST', 'auto-approve', { userId: SELLER })).status).toBe(200);
    const res = await get(authUrl(sb, { code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
    expect(res.status).toBe(302);
    await control(sb, 'POST', 'auto-approve', { userId: null });
    expect((await get(authUrl(sb, { code_challenge: pkce().challenge, code_challenge_method: 'S256' }))).status).toBe(200);
    expect((await control(sb, 'POST', 'auto-approve', { userId: '1' })).status).toBe(400);
  });

  it('POST /__sandbox/apps adds or replaces by clientId; redirect-uris appends', async () => {
    const app = { name: 'Other', clientId: '5555555555', clientSecret: 'D'.repeat(32), redirectUris: [], pkce: false, ownerUserId: '123456789' };
    expect((await control(sb, 'POST', 'apps', app)).status).toBe(201);
    expect((await control(sb, 'POST', 'redirect-uris', { clientId: app.clientId, uri: REDIRECT })).status).toBe(200);
    expect(sb.apps.find((a) => a.clientId === app.clientId)?.redirectUris).toEqual([REDIRECT]);
    await control(sb, 'POST', 'apps', { ...app, name: 'Renamed', redirectUris: [REDIRECT] });
    expect(sb.apps.find((a) => a.clientId === app.clientId)?.name).toBe('Renamed');
    expect((await get(authUrl(sb, { client_id: app.clientId }))).status).toBe(200); // PKCE off
    const bad = await control(sb, 'POST', 'apps', { ...app, clientSecret: 'short' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toContain('short');
    expect(((await (await control(sb, 'GET', 'apps')).json()) as unknown[]).length).toBe(2);
  });

  it('POST /__sandbox/revoke makes refresh fail with invalid_grant', async () => {
    const t = await linkSeller(sb);
    expect(await (await control(sb, 'POST', 'revoke', { userId: SELLER })).json()).toEqual({ revoked: 1 });
    const r = await token(sb, { grant_type: 'refresh_token', ...creds, refresh_token: t['refresh_token'] as string });
    expect(((await r.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('GET /__sandbox/requests and /__sandbox/tokens', async () => {
    await linkSeller(sb);
    const log = (await (await control(sb, 'GET', 'requests')).json()) as Array<{ path: string }>;
    expect(log.some((e) => e.path === '/oauth/token')).toBe(true);
    expect(log.some((e) => e.path.startsWith('/__sandbox'))).toBe(false);
    const tok = (await (await fetch(`${sb.url}/__sandbox/tokens?clientId=${APP.clientId}&userId=${SELLER}`)).json()) as {
      refreshToken: string;
    };
    expect(tok.refreshToken).toBe(sb.currentTokens(APP.clientId, SELLER)?.refreshToken);
    expect((await control(sb, 'DELETE', 'requests')).status).toBe(200);
    expect(sb.requests).toHaveLength(0);
  });
});

describe('pages', () => {
  it('GET / shows apps with a masked secret, sellers and faults', async () => {
    sb.inject({ kind: 'latency', ms: 5, path: '/nowhere' });
    const res = await get(`${sb.url}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(APP.clientId);
    expect(html).not.toContain(APP.clientSecret);
    expect(html).toContain(APP.clientSecret.slice(-4));
    for (const s of DEFAULT_SELLERS) expect(html).toContain(s.nickname);
    expect(html).toContain('latency');
    expect(html).not.toMatch(/<script/i);
  });

  it('GET /healthz and unknown paths', async () => {
    expect(await (await get(`${sb.url}/healthz`)).json()).toMatchObject({ ok: true });
    const nf = await get(`${sb.url}/nope`);
    expect(nf.status).toBe(404);
    expect(await nf.json()).toEqual({ message: expect.any(String), error: 'not_found', status: 404, cause: [] });
  });
});

describe('CLI', () => {
  it('parses flags and SANDBOX_PORT', () => {
    expect(parseArgs([], {})).toMatchObject({ port: 8787, host: '127.0.0.1', autoApprove: null, redirectUris: [] });
    expect(parseArgs([], { SANDBOX_PORT: '9000' }).port).toBe(9000);
    const a = parseArgs(['--port', '0', '--auto-approve', SELLER, '--redirect-uri', 'https://a/', '--redirect-uri=https://b/'], {
      SANDBOX_PORT: '9000',
    });
    expect(a).toMatchObject({ port: 0, autoApprove: SELLER, redirectUris: ['https://a/', 'https://b/'] });
    expect(() => parseArgs(['--port', 'x'], {})).toThrow(/port/);
    expect(() => parseArgs(['--bogus'], {})).toThrow(/unknown/);
  });

  it('parses the connection mode and the state file', () => {
    expect(parseArgs(['--keep-alive', '60000', '--state', '/tmp/s.json'], {})).toMatchObject({ connections: { keepAliveMs: 60000 }, statePath: '/tmp/s.json' });
    expect(parseArgs(['--keep-alive=close'], {}).connections).toBe('close');
    expect(() => parseArgs(['--keep-alive', 'soon'], {})).toThrow(/keep-alive/);
  });

  it('npm run sandbox prints the URL and app credentials, serves, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/sandbox/main.ts', '--port', '0', '--redirect-uri', REDIRECT, '--auto-approve', SELLER, '--quiet'],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('sandbox CLI did not start: ' + out)), 10_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m?.[1] && out.includes('Ctrl+C')) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on('exit', () => reject(new Error('exited early: ' + out)));
    });
    expect(out).toContain(APP.clientId);
    expect(out).toContain(APP.clientSecret);
    expect(out).toContain(REDIRECT);
    const r = await fetch(`${url}/authorization?${new URLSearchParams({
      client_id: APP.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      state: 's',
    })}`, { redirect: 'manual' });
    expect(r.status).toBe(302);
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
    expect(out).not.toMatch(/APP_USR-|TG-/);
  }, 15_000);
});
