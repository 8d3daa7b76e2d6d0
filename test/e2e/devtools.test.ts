/**
 * The "MP Credentials" panel where users meet it: inside a real DevTools window opened on the
 * leaking tab (CDP `Target.openDevTools`), reached through the DevTools frontend's own UI (command
 * menu, tab strip), not the panel page opened as a tab. Also: the page's DevTools console shows
 * the redacted warning, and web pages cannot frame extension pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchExtension, type Ext } from './harness';
import { badge, sandboxFor, tabIdOf } from './flows';
import { startSite, fakeAccessToken, type Site } from './site';
import { Cdp, DEEP, DevToolsWindow, sleep, until, type Session } from './devtools-window';
import type { Sandbox } from '../../scripts/sandbox/server';

const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

/** axe-core run inside a frame of the DevTools window; serious and critical violations only. */
async function axeSerious(frame: Session): Promise<string[]> {
  await frame.eval(`${AXE};true`);
  return frame.eval<string[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`,
  );
}

const panelText = (panel: Session) => panel.eval<string>('document.body.innerText');

describe('the MP Credentials panel in a real DevTools window', () => {
  let ext: Ext;
  let cdp: Cdp;
  let sb: Sandbox;
  let site: Site;
  let page: Page;
  let tabId: number;
  let dt: DevToolsWindow;
  let panel: Session;
  const token = fakeAccessToken();

  beforeAll(async () => {
    ext = await launchExtension({ extraArgs: ['--remote-debugging-port=0'] });
    cdp = await Cdp.connect(ext.profileDir);
    sb = await sandboxFor(ext);
    site = await startSite();
    page = await ext.context.newPage();
    await page.goto(`${site.url}/?inspected=1`);
    tabId = await tabIdOf(ext, page);
  });
  afterAll(async () => {
    cdp?.close();
    await ext?.close();
    await sb?.close();
    await site?.close();
  });

  it('DevTools frames the extension: its devtools page runs (no chrome-error) and the panel tab appears', async () => {
    dt = await DevToolsWindow.open(ext, cdp, page);
    const devtoolsPage = await dt.frame('src/ui/devtools/devtools.html');
    // A refused frame keeps its target URL but holds Chromium's error page.
    expect(await devtoolsPage.eval('location.href')).toBe(ext.url('src/ui/devtools/devtools.html'));
    expect(await devtoolsPage.eval('location.protocol')).toBe('chrome-extension:');
    // Docked on the right, a narrow DevTools puts extension panels under »; dock it at the
    // bottom through the command menu, as a user can, so the tab strip shows every panel.
    await dt.runCommand('Dock to bottom');
    await dt.selectTab('MP Credentials');
    panel = await dt.frame('src/ui/devtools/panel.html');
    // Attached as soon as the frame exists: wait for the panel's first render.
    expect(await until('the panel rendered', () => panel.eval<string | null>("document.querySelector('main')?.dataset.tabId ?? null"))).toBe(String(tabId));
    await until('the empty panel', async () => (await panelText(panel)).includes('0 findings on this tab'));
  });

  it('a leak made while the panel is open appears live, masked, with the fix and a copyable snippet; only this tab', async () => {
    await page.evaluate(async ({ api, t }) => {
      await fetch(`${api}/v1/payments/search?status=approved&access_token=${t}&limit=5`).catch(() => undefined);
    }, { api: sb.url, t: token });

    await until('the finding in the panel', () => panel.eval<boolean>(`document.querySelectorAll('[data-testid=leak]').length === 1`));
    const text = await panelText(panel);
    expect(text).toContain('1 finding on this tab');
    expect(text).toContain('Access token');
    expect(text).toContain('in the query string, parameter access_token');
    expect(await panel.eval("document.querySelector('[data-testid=leak] code')?.textContent")).toBe('access_token');
    expect(text).toContain('Send the access token only from your backend');
    expect(text).not.toContain(token);
    expect(text).not.toContain('`');
    expect(await panel.eval("document.querySelector('[data-testid=leak]').dataset.severity")).toBe('critical');
    const shownUrl = await panel.eval<string>("document.querySelector('.leak-url').textContent");
    expect(shownUrl).toContain(`${sb.url}/v1/payments/search?`);
    expect(shownUrl).toContain('…');

    await panel.eval(`[...document.querySelectorAll('button')].find((b) => b.textContent === 'Details').click()`, { userGesture: true });
    await until('the snippets', () => panel.eval<boolean>(`document.querySelectorAll('[data-testid=snippet]').length === 2`));
    const code = await panel.eval<string>("document.querySelector('[data-testid=snippet] pre').textContent");
    expect(code).toContain(`fetch('${sb.url}/v1/payments/search?status=approved&limit=5', {`);
    expect(code).toContain('Authorization: `Bearer ${process.env.MP_ACCESS_TOKEN}`');
    expect(code).not.toContain('access_token=');
    expect(await panelText(panel)).not.toContain(token);

    await panel.eval(`document.querySelector('[data-testid=snippet] button').click()`, { userGesture: true });
    await until('the copy confirmation', async () => (await panel.eval<string>("document.querySelector('[data-testid=snippet-copied]').textContent")) === 'Copied to the clipboard.');
    await ext.context.grantPermissions(['clipboard-read'], { origin: site.url });
    await page.bringToFront();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);

    // A leak in another tab does not reach this tab's panel.
    const other = await ext.context.newPage();
    await other.goto(`${site.url}/?other=1`);
    const otherId = await tabIdOf(ext, other);
    await other.evaluate(async ({ api, t }) => {
      await fetch(`${api}/v1/payments/search?access_token=${t}`).catch(() => undefined);
    }, { api: sb.url, t: fakeAccessToken('987654321') });
    await until('the other tab badge', async () => (await badge(ext, otherId)) === '1');
    await sleep(500); // past the monitor's 100 ms burst timer that notifies open panels
    expect(await panel.eval(`document.querySelectorAll('[data-testid=leak]').length`)).toBe(1);
    expect(await panelText(panel)).toContain('1 finding on this tab');
    await other.close();
  });

  it("the page's own DevTools console holds the redacted warning, with no raw secret and no Markdown", async () => {
    await dt.selectTab('Console');
    const messages = await until('the warning in the DevTools console', async () => {
      const all = await dt.frontend.eval<string[]>(`${DEEP}(document, '.console-message-text').map((el) => el.textContent)`);
      return all.some((m) => m.includes('[MP Credential Hygiene]')) ? all : null;
    });
    const warning = messages.find((m) => m.includes('[MP Credential Hygiene]'))!;
    expect(warning).toContain('Access token sent in the query string, parameter "access_token" to');
    expect(warning).toContain(`${sb.url}/v1/payments/search`);
    expect(warning).not.toContain(token);
    expect(warning).not.toContain('`');
    for (const m of messages) expect(m).not.toContain(token);
  });

  it('follows the DevTools theme (light, then dark when the user switches) with no serious axe violation', async () => {
    await dt.selectTab('MP Credentials');
    expect(await panel.eval('document.documentElement.dataset.theme')).toBe('light');
    const bg = () => panel.eval<string>('getComputedStyle(document.body).backgroundColor');
    expect(await bg()).toBe('rgb(255, 255, 255)');
    // Chrome injects `body { font-size: 75% }` into extension pages; the panel sets its own.
    expect(await panel.eval('getComputedStyle(document.body).fontSize')).toBe('13px');
    expect(await axeSerious(panel)).toEqual([]);

    await dt.runCommand('Switch to dark theme');
    await until('the dark theme in the panel', async () => (await panel.eval('document.documentElement.dataset.theme')) === 'dark');
    expect(await bg()).toBe('rgb(40, 40, 40)');
    expect(await axeSerious(panel)).toEqual([]);
    await dt.runCommand('Switch to light theme');
    await until('the light theme again', async () => (await panel.eval('document.documentElement.dataset.theme')) === 'light');
  });
});

describe('web pages cannot frame extension pages', () => {
  let ext: Ext;
  let site: Site;
  beforeAll(async () => {
    ext = await launchExtension();
    site = await startSite();
  });
  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  it('an iframe of the popup or the options page on a web page is refused', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${site.url}/?framing=1`);
    const targets = ['src/ui/popup/index.html', 'src/ui/options/index.html', 'src/ui/devtools/panel.html?tabId=1'];
    await page.evaluate((urls) => {
      for (const u of urls) {
        const f = document.createElement('iframe');
        f.src = u;
        document.body.appendChild(f);
      }
    }, targets.map((p) => ext.url(p)));
    await sleep(1500);
    const frames = page.frames().filter((f) => f !== page.mainFrame());
    expect(frames).toHaveLength(3);
    for (const f of frames) {
      // Chromium swaps a refused frame for its error page; the extension page never runs there.
      expect(f.url()).not.toContain(ext.id);
      const runs = await f.evaluate(() => typeof (globalThis as { chrome?: { runtime?: { id?: string } } }).chrome?.runtime?.id === 'string').catch(() => false);
      expect(runs).toBe(false);
    }
    await page.close();
  });
});
