/**
 * The popup and the options page as a user meets them in Chromium: first install opens the
 * checklist; axe-core finds no serious or critical violation on the popup (empty, with data,
 * locked) and the options page (first run, full) in light and dark; the body font is the designed
 * one although Chrome injects `body { font-size: 75% }`; at the popup's real limits (400 × 600) a
 * critical leak on the current tab is fully visible with two sellers and an application token;
 * the locked popup offers no action on tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { launchExtension, type Ext } from './harness';
import { addApp, linkSeller, PASSPHRASE, sandboxFor, SANDBOX_SECRET } from './flows';
import { startSite, type Site } from './site';
import type { Sandbox } from '../../scripts/sandbox/server';

const CLIENT_ID = '1234567890123456';
const SCHEMES = ['light', 'dark'] as const;
/** Chrome's cap for a popup. */
const POPUP_MAX = { width: 800, height: 600 };
const POPUP_VIEWPORT = { width: 400, height: POPUP_MAX.height };

/** Serious and critical axe violations, one line each (rule, impact, first target). */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

async function axeBothSchemes(page: Page, label: string): Promise<void> {
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    expect(await seriousViolations(page), `${label}, ${colorScheme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const bodyStyle = (page: Page) =>
  page.evaluate(() => {
    const s = getComputedStyle(document.body);
    return { fontSize: s.fontSize, fontFamily: s.fontFamily, background: s.backgroundColor };
  });

describe('popup and options as a user sees them', () => {
  let ext: Ext;
  let sb: Sandbox;
  let site: Site;

  beforeAll(async () => {
    ext = await launchExtension();
    sb = await sandboxFor(ext);
    site = await startSite();
    await ext.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  });
  afterAll(async () => {
    await ext?.close();
    await sb?.close();
    await site?.close();
  });

  it('first install opens the options page on the three-step checklist', async () => {
    const optionsUrl = ext.url('src/ui/options/index.html');
    await expect.poll(() => ext.context.pages().some((p) => p.url().startsWith(optionsUrl)), { timeout: 15_000 }).toBe(true);
    const page = ext.context.pages().find((p) => p.url().startsWith(optionsUrl))!;
    const checklist = page.getByTestId('onboarding');
    await checklist.waitFor();
    expect(await checklist.locator('li[data-step]').evaluateAll((li) => li.map((l) => [l.getAttribute('data-step'), l.getAttribute('data-done')]))).toEqual([
      ['redirect', 'false'],
      ['app', 'false'],
      ['seller', 'false'],
    ]);
    expect(await page.getByTestId('onboarding-progress').textContent()).toBe('0 of 3 done');
    await page.close();
  });

  it('body text is the designed 14 px system-ui, over Chrome\'s injected 75%', async () => {
    const popup = await ext.openPopup();
    await popup.getByTestId('vault-setup').waitFor();
    // Chrome's injected extension stylesheet applies: without ours, the body is 75% of 16 px.
    const injected = await popup.evaluate(() => {
      for (const s of document.styleSheets) s.disabled = true;
      const size = getComputedStyle(document.body).fontSize;
      for (const s of document.styleSheets) s.disabled = false;
      return size;
    });
    expect(injected).toBe('12px');
    const style = await bodyStyle(popup);
    expect(style.fontSize).toBe('14px');
    expect(style.fontFamily.startsWith('system-ui')).toBe(true);
    expect(await popup.getByLabel('Passphrase', { exact: true }).evaluate((e) => getComputedStyle(e).fontSize)).toBe('14px');
    await popup.close();
  });

  it('dark follows the OS, and a page can force either theme', async () => {
    const popup = await ext.openPopup();
    await popup.getByTestId('vault-setup').waitFor();
    expect((await bodyStyle(popup)).background).toBe('rgb(255, 255, 255)');
    await popup.emulateMedia({ colorScheme: 'dark' });
    expect((await bodyStyle(popup)).background).toBe('rgb(24, 25, 28)');
    await popup.evaluate(() => (document.documentElement.dataset.theme = 'light'));
    expect((await bodyStyle(popup)).background).toBe('rgb(255, 255, 255)');
    await popup.emulateMedia({ colorScheme: 'light' });
    await popup.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
    expect((await bodyStyle(popup)).background).toBe('rgb(24, 25, 28)');
    await popup.close();
  });

  it('axe: popup and options on first run (light and dark)', async () => {
    const popup = await ext.openPopup();
    await popup.getByTestId('vault-setup').waitFor();
    await axeBothSchemes(popup, 'popup, first run');
    await popup.close();
    const options = await ext.openOptions();
    await options.getByTestId('onboarding').waitFor();
    await options.getByTestId('vault-setup').waitFor();
    await axeBothSchemes(options, 'options, first run');
    await options.close();
  });

  it('setting the passphrase confirms it and moves on to Applications, before Vault', async () => {
    const options = await ext.openOptions();
    await options.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await options.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
    await options.getByRole('button', { name: 'Set passphrase' }).click();
    await expect.poll(() => options.getByTestId('vault-ready').textContent()).toContain('Your vault is ready. Next: add your application');
    await expect.poll(() => options.evaluate(() => document.activeElement?.id)).toBe('apps-title');
    const order = await options.locator('main h2').allTextContents();
    expect(order.indexOf('Applications')).toBeGreaterThan(-1);
    expect(order.indexOf('Applications')).toBeLessThan(order.indexOf('Vault'));
    // Options offers Lock now too, and shows the keyboard shortcut that opens the popup.
    expect(await options.getByRole('button', { name: 'Lock now' }).count()).toBe(1);
    expect(await options.getByTestId('shortcut').textContent()).toContain('Alt+Shift+M');
    await options.close();
  });

  it('axe: the popup unlocked with nothing linked yet', async () => {
    const popup = await ext.openPopup();
    await popup.getByTestId('vault-mode').waitFor();
    await axeBothSchemes(popup, 'popup, empty');
    await popup.close();
  });

  it('the checklist ticks itself off; the add form folds after a successful add', async () => {
    const options = await ext.openOptions();
    const step = (id: string) => options.locator(`[data-testid="onboarding"] li[data-step="${id}"]`);
    await step('redirect').getByRole('button', { name: 'Copy: Redirect URL' }).click();
    await expect.poll(() => step('redirect').getAttribute('data-done')).toBe('true');
    expect(await options.evaluate(() => navigator.clipboard.readText())).toBe(`https://${ext.id}.chromiumapp.org/`);

    await addApp(options, sb, { name: 'Sandbox App', clientId: CLIENT_ID, clientSecret: SANDBOX_SECRET, sandbox: true });
    await expect.poll(() => step('app').getAttribute('data-done')).toBe('true');
    expect(await options.getByTestId('app-form').count()).toBe(0);
    expect(await options.getByTestId('add-another-app').isVisible()).toBe(true);
    // "I don't know" (the default) when adding: no renewal nag on day one.
    expect(await options.getByTestId('renewal-status').textContent()).not.toContain('time to renew');

    for (const s of sb.sellers.slice(0, 2)) {
      sb.setAutoApprove(s.userId);
      await linkSeller(options, 'Sandbox App');
    }
    await expect.poll(() => step('seller').getAttribute('data-done')).toBe('true');
    expect(await options.getByTestId('onboarding-progress').textContent()).toBe('3 of 3 done');
    await options.getByRole('button', { name: 'Get application token: Sandbox App' }).click();
    await options.getByTestId('app-token').waitFor();
    await axeBothSchemes(options, 'options, full');
    await options.close();
  });

  it('at 400 × 600 with two sellers, an application token and a critical leak, the leak card is fully visible', async () => {
    const shop = await ext.context.newPage();
    await shop.goto(`${site.url}/?page=shop`);
    const tabId = await (await ext.currentWorker()).evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)!.id!, shop.url());
    const leaked = sb.currentTokens(CLIENT_ID, sb.sellers[0]!.userId)!.accessToken;
    await shop.evaluate(async ({ api, t }) => {
      await fetch(`${api}/v1/payments/search?access_token=${t}`).catch(() => undefined);
    }, { api: sb.url, t: leaked });

    const popup = await ext.context.newPage();
    await popup.setViewportSize(POPUP_VIEWPORT);
    await popup.goto(ext.url(`src/ui/popup/index.html?tabId=${tabId}`));
    const card = popup.getByTestId('popup-leaks').getByTestId('leak').first();
    await card.waitFor();
    await expect.poll(() => popup.getByTestId('account-row').count()).toBe(2);
    await popup.getByTestId('app-token-row').waitFor();
    expect(await card.getAttribute('data-severity')).toBe('critical');
    expect(await card.getByTestId('leak-account').count()).toBe(1);

    // The page never grows past what Chrome would show; the leak card is inside it.
    const layout = await popup.evaluate(() => ({
      docHeight: document.documentElement.scrollHeight,
      docWidth: document.documentElement.scrollWidth,
      fontSize: getComputedStyle(document.body).fontSize,
    }));
    expect(layout.docHeight).toBeLessThanOrEqual(POPUP_MAX.height);
    expect(layout.docWidth).toBeLessThanOrEqual(POPUP_VIEWPORT.width);
    expect(layout.fontSize).toBe('14px');
    const box = (await card.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(POPUP_VIEWPORT.height);
    expect(box.x + box.width).toBeLessThanOrEqual(POPUP_VIEWPORT.width);
    // Nothing of the card is clipped by its own region either.
    const region = await popup.getByTestId('popup-leaks').evaluate((e) => ({ h: e.clientHeight, sh: e.scrollHeight, bottom: e.getBoundingClientRect().bottom }));
    expect(region.sh).toBeLessThanOrEqual(region.h + 1);
    expect(box.y + box.height).toBeLessThanOrEqual(region.bottom + 1);
    // The accounts scroll inside their own region.
    const scroll = await popup.getByTestId('popup-scroll').evaluate((e) => ({ overflow: getComputedStyle(e).overflowY, h: e.clientHeight, sh: e.scrollHeight }));
    expect(scroll.overflow).toBe('auto');

    // Rows carry Copy, whose accessible name says whose token it is; copying says "Copied".
    const nickname = (await popup.getByTestId('account-row').first().locator('.account-name').textContent())!;
    await popup.getByRole('button', { name: `Copy: Access token of ${nickname}` }).click();
    await expect.poll(() => popup.getByTestId('account-row').first().getByTestId('copied').textContent()).toContain('Copied.');
    const raw = await popup.evaluate(() => navigator.clipboard.readText());
    expect(raw.startsWith('TEST-')).toBe(true);
    expect(await popup.locator('body').textContent()).not.toContain(raw);

    await axeBothSchemes(popup, 'popup, with data');
    await popup.close();
    await shop.close();
  });

  it('locked: only the unlock form, focused, with the count of what waits; no refresh, copy or reveal; axe', async () => {
    const popup = await ext.openPopup();
    await popup.getByRole('button', { name: 'Lock now' }).click();
    await popup.getByTestId('vault-unlock').waitFor();
    await expect.poll(() => popup.evaluate(() => document.activeElement?.id)).toBe('vault-pass');
    expect(await popup.getByTestId('locked-waiting').textContent()).toContain('2 linked sellers are waiting behind the lock.');
    expect(await popup.getByTestId('account-row').count()).toBe(0);
    expect(await popup.getByTestId('app-token-row').count()).toBe(0);
    expect(await popup.getByRole('button', { name: /Refresh|Copy|Reveal|Re-link|Retry|Get a new token/ }).count()).toBe(0);
    await axeBothSchemes(popup, 'popup, locked');
    // Wrong passphrases: from the fourth, the slow-down is announced.
    for (let i = 0; i < 4; i++) {
      await popup.getByLabel('Passphrase').fill('not the passphrase');
      await popup.getByRole('button', { name: 'Unlock' }).click();
      await popup.getByRole('alert').waitFor();
      await popup.getByRole('button', { name: 'Unlock' }).waitFor();
      await expect.poll(() => popup.getByRole('button', { name: /Unlock|Checking/ }).textContent()).toBe('Unlock');
    }
    await expect.poll(() => popup.getByTestId('vault-slowed').textContent()).toContain('Several wrong attempts');
    expect(await popup.getByTestId('vault-slowed').getAttribute('role')).toBe('status');
    await popup.close();
  });
});
