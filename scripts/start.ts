/**
 * `npm start`: the whole product without Mercado Pago credentials. Builds dist/, starts the local
 * Mercado Pago sandbox, opens Chromium with the extension loaded (a persistent demo profile in
 * .tmp/demo-profile), and once the vault exists pre-fills the sandbox as an application. A
 * newcomer then links a sandbox seller in three clicks: "Skip: device-protected only" (or set a
 * passphrase), "Link a seller account", "Approve as …". A demo shop page shows the leak monitor.
 *
 * Options: --port N (sandbox, default 8787 or SANDBOX_PORT), --fresh (new demo profile),
 * CHROME_PATH to pick the browser. Needs a display (use `xvfb-run npm start` on a server).
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startSandbox, DEFAULT_APPS } from './sandbox/server';

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = Number(portArg >= 0 ? args[portArg + 1] : (process.env.SANDBOX_PORT ?? 8787));
const EXTENSION_ID = 'hpcaffjeilambdnnbcamcjihinfmfhhg';
const REDIRECT = `https://${EXTENSION_ID}.chromiumapp.org/`;
const browserPath = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => !!p);

async function main(): Promise<void> {
  if (!process.env.DISPLAY && process.platform === 'linux') {
    console.error('npm start opens a browser window and needs a display. On a server: xvfb-run npm start');
    process.exit(2);
  }
  console.log('Building dist/ …');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });

  const sb = await startSandbox({ port, quiet: false });
  const app = DEFAULT_APPS[0]!;
  sb.addRedirectUri(app.clientId, REDIRECT);
  console.log(`Mercado Pago sandbox: ${sb.url}  (application "${app.name}", client id ${app.clientId})`);

  // A demo shop that makes the classic mistake: a private token in a query string.
  const shop = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo shop</title></head><body style="font-family:system-ui;max-width:40rem;margin:2rem auto">
<h1>Demo shop</h1><p>This page calls the sandbox's payments API with an access token in the query string, the mistake the extension catches. Open DevTools (F12) to see the console warning and the "MP Credentials" panel.</p>
<button id="leak">Call /v1/payments/search?access_token=…</button>
<script>document.getElementById('leak').onclick=()=>{const hex=[...crypto.getRandomValues(new Uint8Array(16))].map(b=>b.toString(16).padStart(2,'0')).join('');fetch('${sb.url}/v1/payments/search?access_token=TEST-${app.clientId}-112312-'+hex+'-123456789').catch(()=>{});};</script>
</body></html>`);
  });
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
  const shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/`;

  const profile = resolve('.tmp/demo-profile');
  if (args.includes('--fresh')) rmSync(profile, { recursive: true, force: true });
  mkdirSync(profile, { recursive: true });
  const dist = resolve('dist');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browserPath,
    headless: false,
    viewport: null,
    args: [`--disable-extensions-except=${dist}`, `--load-extension=${dist}`, '--no-first-run', '--disable-features=DisableLoadExtensionCommandLineSwitch', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
  });
  const options = await context.newPage();
  await options.goto(`chrome-extension://${EXTENSION_ID}/src/ui/options/index.html`);
  const shopPage = await context.newPage();
  await shopPage.goto(shopUrl);
  await options.bringToFront();
  console.log(`Demo shop: ${shopUrl}`);
  console.log('Next: in the options page choose a passphrase (or "Skip: device-protected only"); the sandbox application appears; click "Link a seller account", then "Approve as …".');

  // Pre-fill the sandbox application through the extension's own protocol once the vault is open.
  const prefill = setInterval(async () => {
    try {
      const done = await options.evaluate(
        async ({ a, base }) => {
          const ov = (await chrome.runtime.sendMessage({ type: 'overview', payload: {} })) as { ok: boolean; value?: { vault: { state: string }; apps: { clientId: string }[] } };
          if (!ov.ok || ov.value!.vault.state !== 'unlocked') return false;
          if (ov.value!.apps.some((x) => x.clientId === a.clientId)) return true;
          const r = (await chrome.runtime.sendMessage({
            type: 'apps.save',
            payload: { name: a.name, clientId: a.clientId, clientSecret: a.clientSecret, siteId: 'MLA', pkce: 'S256', sandbox: true, endpoints: { authorization: `${base}/authorization`, token: `${base}/oauth/token`, api: base } },
          })) as { ok: boolean };
          return r.ok;
        },
        { a: app, base: sb.url },
      );
      if (done) {
        clearInterval(prefill);
        console.log('Sandbox application ready in the options page.');
      }
    } catch {
      /* page reloading; try again */
    }
  }, 1000);

  const stop = async () => {
    clearInterval(prefill);
    await context.close().catch(() => undefined);
    await sb.close();
    shop.close();
    process.exit(0);
  };
  context.on('close', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
