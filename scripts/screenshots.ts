/**
 * Regenerates the README screenshots (docs/*.png) from the built extension in headless Chromium
 * against the sandbox: `npx tsx scripts/screenshots.ts` after `npm run build`.
 */
import { launchExtension } from '../test/e2e/harness';
import { addApp, linkSeller, sandboxFor, setupVault, SANDBOX_SECRET } from '../test/e2e/flows';
import { startSite, fakeAccessToken } from '../test/e2e/site';

const ext = await launchExtension();
const sb = await sandboxFor(ext);
const site = await startSite();
try {
  await setupVault(ext);
  const options = await ext.openOptions();
  await options.setViewportSize({ width: 1000, height: 1400 });
  await addApp(options, sb, { name: 'Sandbox App', clientId: '1234567890123456', clientSecret: SANDBOX_SECRET, sandbox: true });
  for (const s of sb.sellers.slice(0, 2)) {
    sb.setAutoApprove(s.userId);
    await linkSeller(options, 'Sandbox App');
  }
  await options.getByRole('button', { name: 'Get application token' }).click();
  await options.getByTestId('app-token').waitFor();
  await options.screenshot({ path: 'docs/options.png', fullPage: false });

  const shop = await ext.context.newPage();
  await shop.goto(`${site.url}/?page=shop`);
  const tabId = await (await ext.currentWorker()).evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)!.id!, shop.url());
  await shop.evaluate(async ({ api, t }) => {
    await fetch(`${api}/v1/payments/search?access_token=${t}`).catch(() => undefined);
  }, { api: sb.url, t: fakeAccessToken() });

  const popup = await ext.openPopup(`?tabId=${tabId}`);
  await popup.setViewportSize({ width: 440, height: 820 });
  await popup.getByTestId('leak').first().waitFor();
  await popup.screenshot({ path: 'docs/popup.png' });

  const panel = await ext.openPanel(tabId);
  await panel.setViewportSize({ width: 900, height: 700 });
  await panel.getByTestId('leak').first().waitFor();
  await panel.getByRole('button', { name: 'Details' }).first().click();
  await panel.screenshot({ path: 'docs/panel.png' });
  console.log('docs/popup.png, docs/options.png, docs/panel.png written');
} finally {
  await ext.close();
  await sb.close();
  await site.close();
}
