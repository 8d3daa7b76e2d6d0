/**
 * E2E harness: launches a real Chromium (headless) with dist/ loaded unpacked, exposes the
 * extension's service worker, id and pages. Used by every test file; each file gets a fresh
 * browser profile and (when asked) a fresh Mercado Pago sandbox.
 */
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findBrowser } from './browser-path';

export const DIST = resolve('dist');

export interface Ext {
  context: BrowserContext;
  worker: Worker;
  id: string;
  profileDir: string;
  url(path: string): string;
  openPopup(query?: string): Promise<Page>;
  openOptions(): Promise<Page>;
  openPanel(tabId: number): Promise<Page>;
  /** Kills the service worker through CDP, as Chrome does after 30 s idle. */
  stopServiceWorker(): Promise<void>;
  /** The current service worker (after a restart it is a new one). */
  currentWorker(): Promise<Worker>;
  close(): Promise<void>;
}

/** Chromium's command line for the e2e tests: dist/ loaded unpacked, nothing of the browser's own in the way. */
export function chromiumArgs(lang = 'en-US'): string[] {
  return [
    `--disable-extensions-except=${DIST}`,
    `--load-extension=${DIST}`,
    '--disable-features=DisableLoadExtensionCommandLineSwitch',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--lang=${lang}`,
  ];
}

export async function launchExtension(opts: { headful?: boolean; extraArgs?: string[]; /** UI language, e.g. 'es' or 'pt-BR' (default en-US). */ lang?: string } = {}): Promise<Ext> {
  const executablePath = findBrowser();
  if (!executablePath) throw new Error('no Chromium-family browser (CHROME_PATH or /usr/bin/chromium)');
  const profileDir = mkdtempSync(join(tmpdir(), 'mp-hygiene-e2e-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: !opts.headful,
    args: [...chromiumArgs(opts.lang), ...(opts.extraArgs ?? [])],
    locale: opts.lang ?? 'en-US',
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const id = new URL(worker.url()).host;
  const url = (path: string) => `chrome-extension://${id}/${path.replace(/^\//, '')}`;
  const open = async (path: string) => {
    const page = await context.newPage();
    await page.goto(url(path));
    return page;
  };
  const currentWorker = async (): Promise<Worker> => {
    const live = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${id}/`));
    if (live) return live;
    // Wake the worker with a message from an extension page, then wait for it.
    const waiter = context.waitForEvent('serviceworker', { timeout: 15_000 });
    const page = await open('src/ui/popup/index.html');
    const w = await waiter;
    await page.close();
    return w;
  };
  return {
    context,
    worker,
    id,
    profileDir,
    url,
    openPopup: (query = '') => open(`src/ui/popup/index.html${query}`),
    openOptions: () => open('src/ui/options/index.html'),
    openPanel: (tabId) => open(`src/ui/devtools/panel.html?tabId=${tabId}`),
    async stopServiceWorker() {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
      const deadline = Date.now() + 5000;
      while (context.serviceWorkers().some((w) => w.url().includes(id)) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    currentWorker,
    async close() {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
