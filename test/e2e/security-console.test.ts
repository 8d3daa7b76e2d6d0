/**
 * Issue #12 item 6: the console warning lands in the document that made the request, and a
 * document is never told another origin's query. Two local origins (127.0.0.1 and localhost,
 * different ports): "A" is a page that hooks console.warn and reports whatever it receives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConsoleMessage } from 'playwright-core';
import { launchExtension, type Ext } from './harness';
import { setupVault } from './flows';
import { fakeAccessToken } from './site';

interface Origin {
  url: string;
  server: Server;
}

/** A page that forwards every console.warn it receives to its server (`/got`), as a hostile page would. */
const HOOK_PAGE = `<!doctype html><html><head><title>A</title><script>
const original = console.warn;
console.warn = (...args) => { navigator.sendBeacon('/got', JSON.stringify(args)); original.apply(console, args); };
</script></head><body><h1>A</h1></body></html>`;

async function startOrigin(host: string, got: string[]): Promise<Origin> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/got') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got.push(body);
        res.writeHead(204).end();
      });
      return;
    }
    if (path === '/slow') {
      // The other origin's landing page answers late: the navigating page is still there meanwhile.
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>B</title><h1>B</h1>'), 1500);
      return;
    }
    if (path === '/' || path === '/page') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(HOOK_PAGE);
      return;
    }
    res.writeHead(204, { 'access-control-allow-origin': '*' }).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://${host}:${(server.address() as AddressInfo).port}`, server };
}

describe('console warnings target the requesting document', () => {
  let ext: Ext;
  let a: Origin;
  let b: Origin;
  const gotA: string[] = [];
  const gotB: string[] = [];

  beforeAll(async () => {
    ext = await launchExtension();
    await setupVault(ext, 'device');
    a = await startOrigin('127.0.0.1', gotA);
    b = await startOrigin('localhost', gotB);
  });
  afterAll(async () => {
    await ext?.close();
    for (const o of [a, b]) if (o) await new Promise((r) => o.server.close(r));
  });

  it('a page that navigates the tab to another origin is not told that origin\'s URL; the new document is', async () => {
    const page = await ext.context.newPage();
    const lines: string[] = [];
    page.on('console', (m: ConsoleMessage) => lines.push(m.text()));
    await page.goto(`${a.url}/page`);
    const token = fakeAccessToken();
    // The other origin's URL carries a credential and its own private query (state, e-mail).
    const target = `${b.url}/slow?access_token=${token}&state=st4te-of-b&email=seller%40example.com`;
    await page.evaluate((u) => {
      location.href = u;
    }, target);
    await expect.poll(() => lines.find((l) => l.includes('[MP Credential Hygiene]')) ?? '', { timeout: 15_000 }).toContain(`${b.url}/slow`);
    // The warning was printed by B's own document (its console), about B's own URL.
    expect(await page.title()).toBe('B');
    const warning = lines.find((l) => l.includes('[MP Credential Hygiene]'))!;
    expect(warning).not.toContain(token);
    // A, still showing while B answered, got nothing.
    await new Promise((r) => setTimeout(r, 500));
    expect(gotA).toEqual([]);
    await page.close();
  });

  it('a request to another origin is reported to the page that made it with origin and path only', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${a.url}/page`);
    const token = fakeAccessToken();
    await page.evaluate(
      async ({ u, t }) => {
        await fetch(`${u}/v1/payments/search?access_token=${t}&state=st4te-of-b&email=seller%40example.com`).catch(() => undefined);
      },
      { u: b.url, t: token },
    );
    await expect.poll(() => gotA.length, { timeout: 10_000 }).toBeGreaterThan(0);
    const received = gotA.join('\n');
    expect(received).toContain(`${b.url}/v1/payments/search`);
    expect(received).not.toContain('st4te-of-b');
    expect(received).not.toContain('seller');
    expect(received).not.toContain(token);
    await page.close();
  });
});
