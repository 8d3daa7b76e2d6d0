/** Steps through the real UI shared by e2e files. */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../scripts/sandbox/server';
import type { Ext } from './harness';

export const PASSPHRASE = 'correct horse battery staple';
export const SANDBOX_SECRET = 'sbx0DemoSecret7f3a9c1e5b2d4f6a8c';

export async function sandboxFor(ext: Ext, opts: SandboxOptions = {}): Promise<Sandbox> {
  const sb = await startSandbox({ quiet: true, ...opts });
  for (const app of sb.apps) sb.addRedirectUri(app.clientId, `https://${ext.id}.chromiumapp.org/`);
  return sb;
}

/** First-run vault setup through the popup. */
export async function setupVault(ext: Ext, mode: 'passphrase' | 'device' = 'passphrase'): Promise<void> {
  const popup = await ext.openPopup();
  await popup.getByTestId('vault-setup').waitFor();
  if (mode === 'device') {
    await popup.getByRole('button', { name: 'Skip: device-protected only' }).click();
  } else {
    await popup.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await popup.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
    await popup.getByRole('button', { name: 'Set passphrase' }).click();
  }
  await popup.getByTestId('vault-mode').waitFor();
  await popup.close();
}

export interface AppInput {
  name: string;
  clientId: string;
  clientSecret: string;
  pkce?: 'S256' | 'plain' | 'off';
  sandbox?: boolean;
}

/** Adds an application in the options page, pointing its endpoints at the sandbox. */
export async function addApp(options: Page, sb: Sandbox, app: AppInput): Promise<void> {
  // After an application is added the form folds into "Add another application".
  const another = options.getByTestId('add-another-app');
  if (await another.isVisible()) await another.click();
  const form = options.getByTestId('app-form').last();
  await form.getByLabel('Name').fill(app.name);
  await form.getByLabel('Client ID (application number)').fill(app.clientId);
  await form.getByLabel('Client secret').fill(app.clientSecret);
  await form.getByLabel('PKCE').selectOption(app.pkce ?? 'S256');
  if (app.sandbox) await form.getByLabel(/Sandbox credentials/).check();
  await openAdvanced(form);
  await form.getByLabel('Authorization URL').fill(`${sb.url}/authorization`);
  await form.getByLabel('Token URL').fill(`${sb.url}/oauth/token`);
  await form.getByLabel('API base URL (for /users/me)').fill(sb.url);
  const before = await options.getByTestId('app-card').count();
  await form.getByRole('button', { name: 'Add application' }).click();
  await options.waitForFunction((n) => document.querySelectorAll('[data-testid="app-card"]').length > n, before);
}

export function appCard(options: Page, name: string) {
  return options.getByTestId('app-card').filter({ has: options.getByRole('heading', { name: new RegExp(`^${name}`) }) });
}

/** Clicks "Link a seller account" and waits for the button to come back. */
export async function linkSeller(options: Page, appName: string): Promise<void> {
  const card = appCard(options, appName);
  await card.getByRole('button', { name: 'Link a seller account' }).click();
  await card.getByRole('button', { name: 'Link a seller account' }).waitFor({ timeout: 30_000 });
}

export async function openAdvanced(form: ReturnType<Page['getByTestId']>): Promise<void> {
  if ((await form.locator('details').getAttribute('open')) === null) await form.getByText('Advanced: custom endpoints').click();
}

const EN: Record<string, { message: string }> = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8'));

/** The English sentence of a message key, with `$n` substituted, exactly as the UI shows it. */
export function enText(key: string, subs: (string | number)[] = []): string {
  const m = EN[key]?.message;
  if (m === undefined) throw new Error(`no message ${key}`);
  return m.replace(/\$(\d)/g, (_, n: string) => String(subs[Number(n) - 1] ?? ''));
}

/** The id of the tab that shows `page` (found by its URL through the service worker). */
export async function tabIdOf(ext: Ext, page: Page): Promise<number> {
  const url = page.url();
  const w = await ext.currentWorker();
  return w.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)!.id!, url);
}

/** The toolbar badge text on one tab. */
export async function badge(ext: Ext, tabId: number): Promise<string> {
  return (await ext.currentWorker()).evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}
