import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../scripts/sandbox/server';
import { APP, REDIRECT, SELLER, creds, linkSeller, start, token } from './helpers';

const dirs: string[] = [];
const open: Sandbox[] = [];
afterEach(async () => {
  for (const sb of open.splice(0)) await sb.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
async function started(opts: Parameters<typeof start>[0] = {}): Promise<Sandbox> {
  const sb = await start(opts);
  open.push(sb);
  return sb;
}
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'sbx-state-'));
  dirs.push(d);
  return d;
}

describe('state file (npm start keeps the sandbox next to its demo profile)', () => {
  it('a refresh token issued before a restart still refreshes after it; a spent one stays spent', async () => {
    const statePath = join(tmp(), 'sandbox-state.json');
    const first = await started({ statePath });
    const linked = await linkSeller(first);
    const r1 = await token(first, { grant_type: 'refresh_token', ...creds, refresh_token: String(linked.refresh_token) });
    const rotated = (await r1.json()) as Record<string, unknown>;
    await first.close();
    open.length = 0;
    expect(statePath && statSync(statePath).mode & 0o777).toBe(0o600);

    const second = await started({ statePath });
    expect(second.currentTokens(APP.clientId, SELLER)?.refreshToken).toBe(rotated.refresh_token);
    const spent = await token(second, { grant_type: 'refresh_token', ...creds, refresh_token: String(linked.refresh_token) });
    expect(spent.status).toBe(400);
    expect(((await spent.json()) as { error: string }).error).toBe('invalid_grant');
    const ok = await token(second, { grant_type: 'refresh_token', ...creds, refresh_token: String(rotated.refresh_token) });
    expect(ok.status).toBe(200);
    // The redirect URL registered in the first run is still registered.
    expect(second.apps.find((a) => a.clientId === APP.clientId)?.redirectUris).toContain(REDIRECT);
  });

  it('without a state file the sandbox starts empty and forgets the refresh token', async () => {
    const first = await started();
    const linked = await linkSeller(first);
    await first.close();
    open.length = 0;
    const second = await started();
    const r = await token(second, { grant_type: 'refresh_token', ...creds, refresh_token: String(linked.refresh_token) });
    expect(r.status).toBe(400);
  });

  it('refuses a state file that is not one', async () => {
    const statePath = join(tmp(), 'sandbox-state.json');
    writeFileSync(statePath, JSON.stringify({ version: 99 }));
    await expect(start({ statePath })).rejects.toMatchObject({ code: 'invalid_state' });
    expect(readFileSync(statePath, 'utf8')).toBe('{"version":99}');
  });
});

/** One raw HTTP/1.1 request on a given agent (so connection reuse is under the test's control). */
function post(sb: Sandbox, agent: import('node:http').Agent, body: string): Promise<{ status: number; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(`${sb.url}/oauth/token`, { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('connection modes', () => {
  const cc = new URLSearchParams({ grant_type: 'client_credentials', ...creds }).toString();

  it('keep-alive: the second request arrives on the same connection, and the log says so', async () => {
    const { Agent } = await import('node:http');
    const sb = await started({ connections: { keepAliveMs: 60_000 } });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await post(sb, agent, cc)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 50));
      expect((await post(sb, agent, cc)).status).toBe(200);
      expect(sb.tokenRequests().map((r) => r.reusedConnection)).toEqual([false, true]);
    } finally {
      agent.destroy();
    }
  });

  it("'close': every answer says Connection: close and each request comes on a fresh connection", async () => {
    const { Agent } = await import('node:http');
    const sb = await started();
    sb.setConnections('close');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const a = await post(sb, agent, cc);
      expect(a.connection).toBe('close');
      await post(sb, agent, cc);
      expect(sb.tokenRequests().map((r) => r.reusedConnection)).toEqual([false, false]);
    } finally {
      agent.destroy();
    }
  });
});
