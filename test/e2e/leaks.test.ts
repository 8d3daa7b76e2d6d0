import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type Ext } from './harness';
import { addApp, badge, linkSeller, sandboxFor, setupVault, SANDBOX_SECRET, tabIdOf } from './flows';
import { startSite, fakeAccessToken, type Site } from './site';
import type { Sandbox } from '../../scripts/sandbox/server';

describe('leak monitor in Chromium: badge, popup, console, DevTools panel', () => {
  let ext: Ext;
  let sb: Sandbox;
  let site: Site;
  let page: Page;
  let tabId: number;
  const consoleLines: string[] = [];
  const token = fakeAccessToken();

  beforeAll(async () => {
    ext = await launchExtension();
    sb = await sandboxFor(ext);
    site = await startSite();
    await setupVault(ext);
    page = await ext.context.newPage();
    page.on('console', (m) => consoleLines.push(m.text()));
    await page.goto(`${site.url}/?page=1`);
    tabId = await tabIdOf(ext, page);
  });
  afterAll(async () => {
    await ext?.close();
    await sb?.close();
    await site?.close();
  });

  it('an access token in a query string: badge 1 on that tab only, popup lists it, console warns, panel shows it live', async () => {
    const panel = await ext.openPanel(tabId);
    await panel.getByTestId('panel-count').waitFor();
    const other = await ext.context.newPage();
    await other.goto(`${site.url}/?page=2`);
    const otherId = await tabIdOf(ext, other);

    await page.evaluate(async ({ api, t }) => {
      await fetch(`${api}/v1/payments/search?access_token=${t}&status=approved`).catch(() => undefined);
    }, { api: sb.url, t: token });

    await expect.poll(() => badge(ext, tabId)).toBe('1');
    expect(await badge(ext, otherId)).toBe('');
    const title = await (await ext.currentWorker()).evaluate((id) => chrome.action.getTitle({ tabId: id }), tabId);
    expect(title).toContain('Credential leaks on this tab: 1 (critical: 1)');

    // Live in the panel, without reloading it.
    await expect.poll(() => panel.getByTestId('leak').count()).toBe(1);
    const item = panel.getByTestId('leak').first();
    expect(await item.getAttribute('data-severity')).toBe('critical');
    expect(await item.textContent()).toContain('in the query string, parameter access_token');
    expect(await item.textContent()).not.toContain(token);
    await item.getByRole('button', { name: 'Details' }).click();
    expect(await item.textContent()).toContain("Authorization: `Bearer");

    const popup = await ext.openPopup(`?tabId=${tabId}`);
    const leaks = popup.getByTestId('popup-leaks').getByTestId('leak');
    await expect.poll(() => leaks.count()).toBe(1);
    expect(await leaks.first().textContent()).toContain('Access token');
    expect(await leaks.first().textContent()).toContain('Send the access token only from your backend');

    await expect.poll(() => consoleLines.find((l) => l.includes('[MP Credential Hygiene]')) ?? '').toContain('Access token sent in the query string, parameter "access_token" to');
    const warning = consoleLines.find((l) => l.includes('[MP Credential Hygiene]'))!;
    expect(warning).toContain(`${sb.url}/v1/payments/search`);
    expect(warning).not.toContain(token);
    await popup.close();
    await panel.close();
    await other.close();
  });

  it('a credential carried to another origin in the Referer is found', async () => {
    const refPage = await ext.context.newPage();
    const leaked = fakeAccessToken('222333444');
    await refPage.goto(`${site.url}/?access_token=${leaked}`);
    const id = await tabIdOf(ext, refPage);
    await refPage.evaluate(async (api) => {
      await fetch(`${api}/healthz`, { mode: 'no-cors' }).catch(() => undefined);
    }, sb.url);
    const popup = await ext.openPopup(`?tabId=${id}`);
    await expect.poll(() => popup.locator('[data-testid="leak"][data-location="referer"]').count()).toBe(1);
    await popup.close();
    await refPage.close();
  });

  it('public_key= in a query is info only and does not count on the badge', async () => {
    const p = await ext.context.newPage();
    await p.goto(`${site.url}/?page=3`);
    const id = await tabIdOf(ext, p);
    await p.evaluate(async (origin) => {
      await fetch(`${origin}/checkout?public_key=APP_USR-0f3c2a9e-7a1d-4a4b-9f5e-2b7c1d3e4f5a`).catch(() => undefined);
    }, site.url);
    const popup = await ext.openPopup(`?tabId=${id}`);
    // The popup lists critical and warning findings; informational ones are counted (the panel lists them).
    const leaks = popup.getByTestId('popup-leaks');
    await expect.poll(() => leaks.textContent()).toContain('1 informational finding on this tab: see the DevTools panel.');
    expect(await leaks.getByTestId('leak').count()).toBe(0);
    expect(await badge(ext, id)).not.toBe('1');
    await popup.close();
    await p.close();
  });

  it('an Authorization: Bearer header from the page to a Mercado Pago host is frontend exposure', async () => {
    // The sandbox's host counts as Mercado Pago once an application uses it as a custom endpoint.
    const options = await ext.openOptions();
    await addApp(options, sb, { name: 'Sandbox App', clientId: '1234567890123456', clientSecret: SANDBOX_SECRET, sandbox: true });
    const p = await ext.context.newPage();
    await p.goto(`${site.url}/?page=4`);
    const id = await tabIdOf(ext, p);
    await p.evaluate(async ({ api, t }) => {
      await fetch(`${api}/v1/payments/search`, { headers: { Authorization: `Bearer ${t}` } }).catch(() => undefined);
    }, { api: sb.url, t: fakeAccessToken('777888999') });
    const popup = await ext.openPopup(`?tabId=${id}`);
    await expect.poll(() => popup.locator('[data-testid="leak"][data-location="authorization"]').count()).toBe(1);
    expect(await popup.locator('[data-location="authorization"]').textContent()).toContain('in an Authorization header sent from the web page');
    await popup.close();
    await p.close();

    // A linked seller's own token leaking is named, with a refresh offer.
    sb.setAutoApprove(sb.sellers[0]!.userId);
    await linkSeller(options, 'Sandbox App');
    await expect.poll(() => options.getByTestId('options-account').count()).toBe(1);
    const real = sb.currentTokens('1234567890123456', sb.sellers[0]!.userId)!.accessToken;
    const p2 = await ext.context.newPage();
    await p2.goto(`${site.url}/?page=5`);
    const id2 = await tabIdOf(ext, p2);
    await p2.evaluate(async ({ origin, t }) => {
      await fetch(`${origin}/api/orders?access_token=${t}`).catch(() => undefined);
    }, { origin: site.url, t: real });
    const popup2 = await ext.openPopup(`?tabId=${id2}`);
    const named = popup2.getByTestId('leak-account');
    await expect.poll(() => named.count()).toBe(1);
    expect(await named.textContent()).toContain(`This is the token of your linked seller ${sb.sellers[0]!.nickname}`);
    expect(await named.getByRole('button', { name: 'Refresh now' }).isVisible()).toBe(true);
    await popup2.close();
    await p2.close();
    await options.close();
  });

  it('10,000 leaking requests in a burst stay within the bounds and the worker stays responsive; a restart loses nothing', { timeout: 300_000 }, async () => {
    const p = await ext.context.newPage();
    await p.goto(`${site.url}/?page=6`);
    const id = await tabIdOf(ext, p);
    await p.evaluate(async (origin) => {
      const hex = () => [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
      for (let batch = 0; batch < 100; batch++) {
        await Promise.all(
          Array.from({ length: 100 }, () =>
            fetch(`${origin}/sink?access_token=APP_USR-1234567890123456-112312-${hex()}-123456789`, { keepalive: false }).catch(() => undefined),
          ),
        );
      }
    }, site.url);
    const popup = await ext.openPopup(`?tabId=${id}`);
    // Responsive: the status round trip completes.
    await expect.poll(() => popup.getByTestId('status-line').getAttribute('data-ready'), { timeout: 30_000 }).toBe('yes');
    const dropped = popup.getByTestId('leaks-dropped');
    await expect.poll(() => dropped.count(), { timeout: 60_000 }).toBe(1);
    const state = async () => (await ext.currentWorker()).evaluate(async (tab) => {
      const all = await chrome.storage.session.get(null);
      const mine = all[`leaks.tab.${tab}`] as { findings: unknown[]; dropped: number };
      const total = Object.entries(all).filter(([k]) => k.startsWith('leaks.tab.')).reduce((n, [, v]) => n + (v as { findings: unknown[] }).findings.length, 0);
      return { mine: mine.findings.length, dropped: mine.dropped, total };
    }, id);
    await expect.poll(async () => (await state()).dropped, { timeout: 120_000, interval: 1000 }).toBeGreaterThanOrEqual(9_800);
    const s = await state();
    expect(s.mine).toBeLessThanOrEqual(200);
    expect(s.total).toBeLessThanOrEqual(1000);
    expect(await popup.getByTestId('leaks-dropped').textContent()).toContain('older findings were dropped (limit: 200 per tab)');
    await popup.close();

    await ext.stopServiceWorker();
    const after = await ext.openPopup(`?tabId=${tabId}`);
    await expect.poll(() => after.getByTestId('leak').count()).toBe(1); // the first test's finding is still there
    await after.close();
    await p.close();
  });

  it("a request from the site's service worker (no tab of its own) is reported on the site's tab", async () => {
    const p = await ext.context.newPage();
    await p.goto(`${site.url}/?page=sw`);
    const id = await tabIdOf(ext, p);
    const leaked = fakeAccessToken('777888999');
    await p.evaluate(async (url) => {
      const reg = await navigator.serviceWorker.register('/sw.js');
      await navigator.serviceWorker.ready;
      const done = new Promise((r) => navigator.serviceWorker.addEventListener('message', r, { once: true }));
      (reg.active ?? reg.waiting ?? reg.installing)!.postMessage(url);
      await done;
    }, `${sb.url}/v1/payments/search?access_token=${leaked}`);
    const popup = await ext.openPopup(`?tabId=${id}`);
    const item = popup.getByTestId('leak').filter({ hasText: '8999' });
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
    expect(await item.getAttribute('data-severity')).toBe('critical');
    expect(await item.textContent()).not.toContain(leaked);
    await expect.poll(() => badge(ext, id)).not.toBe('');
    await popup.close();
    await p.close();
  });

  it('no raw secret anywhere in chrome.storage after all of the above', async () => {
    const dump = await (await ext.currentWorker()).evaluate(async () => JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.session.get(null), await chrome.storage.sync.get(null)]));
    expect(dump).not.toContain(token);
    expect(dump).not.toMatch(/APP_USR-\d{10,16}-\d{6}-[0-9a-f]{32}-\d+/);
    expect(dump).not.toMatch(/TG-[0-9a-f]{24}-\d+/);
    expect(dump).not.toContain(SANDBOX_SECRET);
  });
});
