/**
 * Regenerates the README screenshots (docs/*.png) from the built extension in headless Chromium
 * against the sandbox: `npm run build && npx tsx scripts/screenshots.ts`.
 *
 * One function per shot; each takes a prepared `Scene` (a browser in one UI language with a
 * vault, the sandbox application, two linked sellers, an application token and a leak on a shop
 * tab) and writes one file. `SHOTS` lists what is written; add a shot by adding a function there.
 * The popup is shot the way Chrome sizes it: 400 px wide, as tall as its content, at most 600.
 */
import type { Page } from 'playwright-core';
import { DEVTOOLS_SHOTS, shootDevToolsWindow } from './shots/devtools';
import { launchExtension, type Ext } from '../test/e2e/harness';
import { PASSPHRASE, sandboxFor, SANDBOX_SECRET } from '../test/e2e/flows';
import { startSite, type Site } from '../test/e2e/site';
import type { Sandbox } from '../scripts/sandbox/server';

const CLIENT_ID = '1234567890123456';
const POPUP = { width: 400, maxHeight: 600 };
type Scheme = 'light' | 'dark';

export interface Scene {
  lang: string;
  ext: Ext;
  sb: Sandbox;
  site: Site;
  /** The shop tab with a leaked seller token in a query string. */
  shopTabId: number;
  close(): Promise<void>;
}

/** Calls the background the way the pages do (one typed message), from an extension page. */
async function call<T>(page: Page, type: string, payload: unknown): Promise<T> {
  const r = (await page.evaluate(({ type, payload }) => chrome.runtime.sendMessage({ type, payload }), { type, payload })) as
    | { ok: true; value: T }
    | { ok: false; error: { code: string } };
  if (!r.ok) throw new Error(`${type}: ${r.error.code}`);
  return r.value;
}

/** A browser in `lang` with everything the shots show. */
export async function prepareScene(lang: string): Promise<Scene> {
  const ext = await launchExtension({ lang });
  const sb = await sandboxFor(ext);
  const site = await startSite();
  const page = await ext.openOptions();
  await call(page, 'vault.setup', { mode: 'passphrase', passphrase: PASSPHRASE });
  const app = await call<{ id: string }>(page, 'apps.save', {
    name: 'Sandbox App',
    clientId: CLIENT_ID,
    clientSecret: SANDBOX_SECRET,
    siteId: 'MLA',
    pkce: 'S256',
    sandbox: true,
    endpoints: { authorization: `${sb.url}/authorization`, token: `${sb.url}/oauth/token`, api: sb.url },
  });
  for (const s of sb.sellers.slice(0, 2)) {
    sb.setAutoApprove(s.userId);
    await call(page, 'accounts.link', { appId: app.id });
  }
  await call(page, 'apps.appToken', { appId: app.id });
  // The first-run checklist's first step (copy the Redirect URL) is done by hand in real life.
  await page.evaluate(() => localStorage.setItem('mp.onboarding.redirectCopied', '1'));
  await page.close();

  const shop = await ext.context.newPage();
  await shop.goto(`${site.url}/?page=shop`);
  const shopTabId = await (await ext.currentWorker()).evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)!.id!, shop.url());
  const leaked = sb.currentTokens(CLIENT_ID, sb.sellers[0]!.userId)!.accessToken;
  await shop.evaluate(async ({ api, t }) => {
    await fetch(`${api}/v1/payments/search?access_token=${t}`).catch(() => undefined);
  }, { api: sb.url, t: leaked });
  // Close the options tab the install opened, so each shot starts from its own page.
  for (const p of ext.context.pages()) if (p.url().includes('/src/ui/options/')) await p.close();
  return {
    lang,
    ext,
    sb,
    site,
    shopTabId,
    async close() {
      await ext.close();
      await sb.close();
      await site.close();
    },
  };
}

/** The popup for the shop tab, sized as Chrome sizes a popup. */
async function popupShot(scene: Scene, scheme: Scheme, path: string): Promise<void> {
  const page = await scene.ext.context.newPage();
  await page.emulateMedia({ colorScheme: scheme });
  await page.setViewportSize({ width: POPUP.width, height: POPUP.maxHeight });
  await page.goto(scene.ext.url(`src/ui/popup/index.html?tabId=${scene.shopTabId}`));
  await page.getByTestId('popup-leaks').getByTestId('leak').first().waitFor();
  await page.getByTestId('app-token-row').waitFor();
  const height = await page.evaluate(() => document.querySelector('main')!.getBoundingClientRect().height);
  await page.setViewportSize({ width: POPUP.width, height: Math.min(POPUP.maxHeight, Math.ceil(height)) });
  await page.screenshot({ path });
  await page.close();
}

/** The options page, top of the page (checklist done, applications first). */
async function optionsShot(scene: Scene, scheme: Scheme, path: string): Promise<void> {
  const page = await scene.ext.context.newPage();
  await page.emulateMedia({ colorScheme: scheme });
  await page.setViewportSize({ width: 1000, height: 1300 });
  await page.goto(scene.ext.url('src/ui/options/index.html'));
  await page.getByTestId('app-token').waitFor();
  await page.screenshot({ path });
  await page.close();
}

/** The locked popup: only the unlock form. Locks the scene's vault and unlocks it again. */
async function lockedPopupShot(scene: Scene, scheme: Scheme, path: string): Promise<void> {
  const page = await scene.ext.context.newPage();
  await page.emulateMedia({ colorScheme: scheme });
  await page.setViewportSize({ width: POPUP.width, height: POPUP.maxHeight });
  await page.goto(scene.ext.url('src/ui/popup/index.html'));
  await call(page, 'vault.lock', {});
  await page.getByTestId('vault-unlock').waitFor();
  const height = await page.evaluate(() => document.querySelector('main')!.getBoundingClientRect().height);
  await page.setViewportSize({ width: POPUP.width, height: Math.min(POPUP.maxHeight, Math.ceil(height)) });
  await page.screenshot({ path });
  await call(page, 'vault.unlock', { passphrase: PASSPHRASE });
  await page.close();
}

/** A fresh install: the options page Chrome opens on install, on the first-run checklist. */
async function firstRunShot(lang: string, scheme: Scheme, path: string): Promise<void> {
  const ext = await launchExtension({ lang });
  try {
    const url = ext.url('src/ui/options/index.html');
    const deadline = Date.now() + 15_000;
    while (!ext.context.pages().some((p) => p.url().startsWith(url)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const page = ext.context.pages().find((p) => p.url().startsWith(url)) ?? (await ext.openOptions());
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.getByTestId('onboarding').waitFor();
    await page.getByTestId('vault-setup').waitFor();
    await page.screenshot({ path });
  } finally {
    await ext.close();
  }
}

type Shot = { lang: string; path: string; take: (scene: Scene, path: string) => Promise<void> };

export const SHOTS: Shot[] = [
  { lang: 'en-US', path: 'docs/popup.png', take: (s, p) => popupShot(s, 'light', p) },
  { lang: 'en-US', path: 'docs/popup-dark.png', take: (s, p) => popupShot(s, 'dark', p) },
  { lang: 'en-US', path: 'docs/popup-locked.png', take: (s, p) => lockedPopupShot(s, 'light', p) },
  { lang: 'en-US', path: 'docs/options.png', take: (s, p) => optionsShot(s, 'light', p) },
  { lang: 'en-US', path: 'docs/options-dark.png', take: (s, p) => optionsShot(s, 'dark', p) },
  { lang: 'es', path: 'docs/popup-es.png', take: (s, p) => popupShot(s, 'light', p) },
  { lang: 'pt-BR', path: 'docs/options-pt_BR.png', take: (s, p) => optionsShot(s, 'dark', p) },
];

/** Shots that need a fresh browser of their own rather than a prepared scene. */
export const FRESH_SHOTS: { lang: string; path: string; take: (path: string) => Promise<void> }[] = [
  { lang: 'en-US', path: 'docs/options-first-run.png', take: (p) => firstRunShot('en-US', 'light', p) },
  // The panel inside a real, undocked DevTools window (scripts/shots/devtools.ts).
  ...DEVTOOLS_SHOTS.map((d) => ({ lang: d.lang, path: d.out, take: (p: string) => shootDevToolsWindow({ ...d, out: p }) })),
];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  for (const shot of only.length ? FRESH_SHOTS.filter((s) => only.includes(s.path)) : FRESH_SHOTS) {
    await shot.take(shot.path);
    console.log(`${shot.path} (${shot.lang})`);
  }
  const shots = only.length ? SHOTS.filter((s) => only.includes(s.path)) : SHOTS;
  for (const lang of [...new Set(shots.map((s) => s.lang))]) {
    const scene = await prepareScene(lang);
    try {
      for (const shot of shots.filter((s) => s.lang === lang)) {
        await shot.take(scene, shot.path);
        console.log(`${shot.path} (${lang})`);
      }
    } finally {
      await scene.close();
    }
  }
}

await main();
