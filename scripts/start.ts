/**
 * `npm start`: the whole product without Mercado Pago credentials. Builds dist/, starts the local
 * Mercado Pago sandbox, opens Chromium with the extension loaded (a persistent demo profile in
 * .tmp/demo-profile), and once the vault exists pre-fills the sandbox as an application. A
 * newcomer then links a sandbox seller in three clicks: "Skip: device-protected only" (or set a
 * passphrase), "Link a seller account", "Approve as …". A demo shop page shows the leak monitor.
 *
 * The sandbox keeps its state (sellers, codes, refresh tokens) in .tmp/demo-sandbox.json, next to
 * the profile, so the sellers linked in one run still refresh in the next. A profile whose
 * sandbox state is gone (or that points at another port) is detected and reported.
 *
 * Options: --port N (sandbox, default 8787 or SANDBOX_PORT), --fresh (new demo profile and
 * sandbox state), CHROME_PATH to pick the browser. Needs a display (`xvfb-run npm start` on a
 * server). `startDemo()` runs the same pieces without the build and, for tests, headless.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startSandbox, DEFAULT_APPS, type Sandbox } from './sandbox/server';

export const EXTENSION_ID = 'hpcaffjeilambdnnbcamcjihinfmfhhg';
const REDIRECT = `https://${EXTENSION_ID}.chromiumapp.org/`;

export interface DemoOptions {
  /** Sandbox port (0 = any free port). */
  port: number;
  /** Start over: remove the demo profile and the sandbox state. */
  fresh?: boolean;
  profileDir?: string;
  /** The sandbox's state file; default: `demo-sandbox.json` beside the profile. */
  statePath?: string;
  headless?: boolean;
  browserPath?: string;
  /** Console output of the sandbox and of the demo itself. */
  quiet?: boolean;
  log?: (line: string) => void;
}

/**
 * What the demo found at start:
 * - `new`: a new profile and a new sandbox;
 * - `restored`: the profile and the sandbox state of an earlier run, together;
 * - `state_missing`: the profile has been used, but the sandbox state of that run is gone: sellers
 *   linked then are unknown to this sandbox (their refresh will be refused);
 * - `port_changed`: the profile's application points at the sandbox on another port.
 */
export type DemoStart = { kind: 'new' } | { kind: 'restored' } | { kind: 'state_missing' } | { kind: 'port_changed'; previousPort: number };

export interface Demo {
  sandbox: Sandbox;
  context: BrowserContext;
  options: Page;
  shopUrl: string;
  start: DemoStart;
  stop(): Promise<void>;
}

interface DemoMeta {
  port: number;
}

function isUsedProfile(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).length > 0;
}

function readMeta(path: string): DemoMeta | null {
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Partial<DemoMeta>;
    return typeof m.port === 'number' ? { port: m.port } : null;
  } catch {
    return null;
  }
}

function shopServer(sb: Sandbox, clientId: string): Server {
  // A demo shop that makes the classic mistake: a private token in a query string.
  return createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Demo shop</title></head><body style="font-family:system-ui;max-width:40rem;margin:2rem auto">
<h1>Demo shop</h1><p>This page calls the sandbox's payments API with an access token in the query string, the mistake the extension catches. Open DevTools (F12) to see the console warning and the "MP Credentials" panel.</p>
<button id="leak">Call /v1/payments/search?access_token=…</button>
<script>document.getElementById('leak').onclick=()=>{const hex=[...crypto.getRandomValues(new Uint8Array(16))].map(b=>b.toString(16).padStart(2,'0')).join('');fetch('${sb.url}/v1/payments/search?access_token=TEST-${clientId}-112312-'+hex+'-123456789').catch(()=>{});};</script>
</body></html>`);
  });
}

/** Starts the sandbox (with its state), the demo shop and Chromium with the extension from dist/. */
export async function startDemo(opts: DemoOptions): Promise<Demo> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const profile = resolve(opts.profileDir ?? '.tmp/demo-profile');
  const statePath = resolve(opts.statePath ?? `${profile}/../demo-sandbox.json`);
  const metaPath = `${statePath.replace(/\.json$/, '')}.meta.json`;
  if (opts.fresh) {
    for (const p of [profile, statePath, metaPath]) rmSync(p, { recursive: true, force: true });
  }

  // What the profile expects from the sandbox, before anything is written.
  const usedProfile = isUsedProfile(profile);
  const hadState = existsSync(statePath);
  const meta = readMeta(metaPath);
  if (!usedProfile && hadState) {
    // State of a profile that was deleted by hand: nothing refers to it any more.
    rmSync(statePath, { force: true });
  }
  let start: DemoStart = { kind: 'new' };
  if (usedProfile && !hadState) start = { kind: 'state_missing' };
  else if (usedProfile && hadState) start = { kind: 'restored' };

  const port = opts.port === 0 && start.kind === 'restored' && meta ? meta.port : opts.port;
  const sb = await startSandbox({ port, quiet: opts.quiet ?? false, statePath });
  const app = DEFAULT_APPS[0]!;
  sb.addRedirectUri(app.clientId, REDIRECT);
  if (start.kind === 'restored' && meta && meta.port !== sb.port) start = { kind: 'port_changed', previousPort: meta.port };
  mkdirSync(resolve(statePath, '..'), { recursive: true });
  if (start.kind !== 'port_changed') writeFileSync(metaPath, JSON.stringify({ port: sb.port } satisfies DemoMeta));

  log(`Mercado Pago sandbox: ${sb.url}  (application "${app.name}", client id ${app.clientId})`);
  if (start.kind === 'restored') log(`Sandbox state restored from ${statePath}: the sellers linked in the demo profile still refresh.`);
  if (start.kind === 'state_missing') {
    log(`Warning: the demo profile ${profile} was used before, but the sandbox state of that run (${statePath}) is gone.`);
    log('Sellers linked in it are unknown to this sandbox: refreshing them ends in "Needs re-link". Re-link them, or start over with: npm start -- --fresh');
  }
  if (start.kind === 'port_changed') {
    log(`Warning: the demo profile's application points at the sandbox on port ${start.previousPort}, not ${sb.port}.`);
    log(`Start with --port ${start.previousPort}, or start over with: npm start -- --fresh`);
  }

  const shop = shopServer(sb, app.clientId);
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
  const shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/`;

  mkdirSync(profile, { recursive: true });
  const dist = resolve('dist');
  const browserPath = opts.browserPath ?? [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => !!p);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browserPath,
    headless: opts.headless ?? false,
    viewport: null,
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      '--no-first-run',
      '--disable-features=DisableLoadExtensionCommandLineSwitch',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  });
  const options = await context.newPage();
  await options.goto(`chrome-extension://${EXTENSION_ID}/src/ui/options/index.html`);
  const shopPage = await context.newPage();
  await shopPage.goto(shopUrl);
  await options.bringToFront();
  log(`Demo shop: ${shopUrl}`);
  log('Next: in the options page choose a passphrase (or "Skip: device-protected only"); the sandbox application appears; click "Link a seller account", then "Approve as …".');

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
        log('Sandbox application ready in the options page.');
      }
    } catch {
      /* page reloading; try again */
    }
  }, 1000);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(prefill);
      await context.close().catch(() => undefined);
      await sb.close();
      await new Promise<void>((r) => shop.close(() => r()));
    })());
  return { sandbox: sb, context, options, shopUrl, start, stop };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, fresh: { type: 'boolean', default: false } } });
  const port = Number(values.port ?? process.env.SANDBOX_PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error('--port must be a port number (0-65535)');
    process.exit(2);
  }
  if (!process.env.DISPLAY && process.platform === 'linux') {
    console.error('npm start opens a browser window and needs a display. On a server: xvfb-run npm start');
    process.exit(2);
  }
  console.log('Building dist/ …');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });

  const demo = await startDemo({ port, fresh: values.fresh });
  const stop = async () => {
    await demo.stop();
    process.exit(0);
  };
  demo.context.on('close', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) void main();
