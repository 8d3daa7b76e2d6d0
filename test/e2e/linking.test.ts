import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type Ext } from './harness';
import { addApp, appCard, openAdvanced, linkSeller, sandboxFor, setupVault, SANDBOX_SECRET } from './flows';
import type { Sandbox } from '../../scripts/sandbox/server';
import type { Page } from 'playwright-core';

const SECOND_APP = { name: 'Live App', clientId: '9876543210987654', clientSecret: 'liveSecretAbcdef0123456789ABCDEF', redirectUris: [] as string[], pkce: true, ownerUserId: '555000111' };

describe('linking sellers through the real launchWebAuthFlow against the sandbox', () => {
  let ext: Ext;
  let sb: Sandbox;
  let options: Page;

  beforeAll(async () => {
    ext = await launchExtension();
    sb = await sandboxFor(ext);
    sb.addApp({ ...SECOND_APP, redirectUris: [`https://${ext.id}.chromiumapp.org/`] });
    await setupVault(ext);
    options = await ext.openOptions();
  });
  afterAll(async () => {
    await ext?.close();
    await sb?.close();
  });

  it('shows the exact redirect URL to register', async () => {
    expect(await options.getByTestId('redirect-url').inputValue()).toBe(`https://${ext.id}.chromiumapp.org/`);
  });

  it('validates the application form with clear messages', async () => {
    const form = options.getByTestId('app-form').last();
    await form.getByLabel('Name').fill('Bad');
    await form.getByLabel('Client ID (application number)').fill('12ab');
    await form.getByLabel('Client secret').fill('x'.repeat(32));
    await form.getByRole('button', { name: 'Add application' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('The client ID must contain digits only.');
    await form.getByLabel('Client ID (application number)').fill('123');
    await openAdvanced(form);
    await form.getByLabel('Token URL').fill('http://example.com/oauth/token');
    await form.getByRole('button', { name: 'Add application' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('must use https://');
    await form.getByLabel('Token URL').fill('');
    await form.getByLabel('Name').fill('');
    await form.getByLabel('Client ID (application number)').fill('');
    await form.getByLabel('Client secret').fill('');
    expect(await options.getByTestId('app-card').count()).toBe(0);
  });

  it('links a TEST seller (sandbox switch) and a LIVE seller; both appear in the popup with nickname and badge', async () => {
    await addApp(options, sb, { name: 'Sandbox App', clientId: '1234567890123456', clientSecret: SANDBOX_SECRET, sandbox: true });
    await addApp(options, sb, { name: 'Live App', clientId: SECOND_APP.clientId, clientSecret: SECOND_APP.clientSecret });

    sb.setAutoApprove(sb.sellers[0]!.userId);
    await linkSeller(options, 'Sandbox App');
    sb.setAutoApprove(sb.sellers[1]!.userId);
    await linkSeller(options, 'Live App');
    await expect.poll(() => options.getByTestId('options-account').count()).toBe(2);

    const popup = await ext.openPopup();
    const rows = popup.getByTestId('account-row');
    await expect.poll(() => rows.count()).toBe(2);
    const texts = await rows.allTextContents();
    const test = texts.find((t) => t.includes(sb.sellers[0]!.nickname))!;
    const live = texts.find((t) => t.includes(sb.sellers[1]!.nickname))!;
    expect(test).toContain('TEST');
    expect(test).toContain(`#${sb.sellers[0]!.userId}`);
    expect(test).toContain('Argentina');
    expect(live).toContain('LIVE');
    expect(live).toContain('Brazil');
    expect(test).toMatch(/expires in 17\dd/);
    // PKCE S256 was used: the sandbox verified a verifier on each exchange.
    const exchanges = sb.tokenRequests('authorization_code');
    expect(exchanges).toHaveLength(2);
    expect(exchanges.every((r) => r.status === 200)).toBe(true);
    await popup.close();
  });

  it('seller denies → clear message, nothing stored', async () => {
    sb.setAutoApprove('deny');
    const card = appCard(options, 'Sandbox App');
    await card.getByRole('button', { name: 'Link a seller account' }).click();
    await expect.poll(() => card.getByRole('alert').first().textContent(), { timeout: 20_000 }).toContain('The seller refused the authorization. Nothing was saved.');
    expect(await options.getByTestId('options-account').count()).toBe(2);
  });

  it('a state tampered by the server is rejected', async () => {
    sb.setAutoApprove(sb.sellers[2]!.userId);
    sb.inject({ kind: 'tamper_state' });
    const card = appCard(options, 'Sandbox App');
    await card.getByRole('button', { name: 'Link a seller account' }).click();
    await expect.poll(() => card.getByRole('alert').first().textContent(), { timeout: 20_000 }).toContain('state mismatch');
    expect(await options.getByTestId('options-account').count()).toBe(2);
    expect(sb.tokenRequests('authorization_code')).toHaveLength(2); // no exchange happened
  });

  it('PKCE on in the sandbox app but off in the options → the error is shown in words', async () => {
    const card = appCard(options, 'Live App');
    await card.getByRole('button', { name: 'Edit' }).click();
    const form = options.getByTestId('app-form').first();
    await form.getByLabel('PKCE').selectOption('off');
    await form.getByRole('button', { name: 'Save application' }).click();
    await card.getByRole('button', { name: 'Link a seller account' }).click();
    const alert = card.getByRole('alert').first();
    await expect.poll(() => alert.textContent(), { timeout: 20_000 }).toContain('Mercado Pago refused the authorization request.');
    expect(await alert.textContent()).toContain('PKCE is probably on in the panel but off here');
  });

  it('gets an application token (client credentials) with a 6-hour expiry', async () => {
    const card = appCard(options, 'Sandbox App');
    await card.getByRole('button', { name: 'Get application token' }).click();
    const token = card.getByTestId('app-token');
    await token.waitFor();
    expect(await token.textContent()).toMatch(/expires in 0[56]:\d\d:\d\d/);
    const popup = await ext.openPopup();
    await expect.poll(() => popup.getByTestId('app-token-row').count()).toBe(1);
    await popup.close();
  });

  it('a service-worker restart between launch and callback ends with a clear message, not a crash', async () => {
    sb.setAutoApprove(null); // the consent page waits for a click
    const card = appCard(options, 'Sandbox App');
    await card.getByRole('button', { name: 'Link a seller account' }).click();
    await expect.poll(async () => (await ext.currentWorker()).evaluate(async () => Object.keys(((await chrome.storage.session.get('oauth.pending')) as { 'oauth.pending'?: object })['oauth.pending'] ?? {}).length)).toBe(1);
    await ext.stopServiceWorker();
    const popup = await ext.openPopup();
    await expect.poll(() => popup.getByText(/linking attempt was interrupted/).count(), { timeout: 20_000 }).toBe(1);
    // The stale state can never be accepted later.
    const session = await (await ext.currentWorker()).evaluate(() => chrome.storage.session.get(null));
    expect(Object.keys((session['oauth.pending'] as object) ?? {})).toHaveLength(0);
    expect((session['oauth.usedStates'] as string[]).length).toBeGreaterThan(0);
    await popup.close();
    expect(await options.getByTestId('options-account').count()).toBe(2);
  });

  it('removing an application asks first, then removes its linked seller with its vault record and history', async () => {
    const worker = await ext.currentWorker();
    const local = () => worker.evaluate(() => chrome.storage.local.get(null));
    const before = await local();
    const liveAccount = (before.accounts as { id: string; appId: string }[]).find((a) => a.id.includes(sb.sellers[1]!.userId))!;
    const otherAccount = (before.accounts as { id: string }[]).find((a) => a.id !== liveAccount.id)!;
    expect(Object.keys(before).some((k) => k.startsWith('vault.rec.') && k.includes(liveAccount.id))).toBe(true);

    const card = appCard(options, 'Live App');
    await card.getByRole('button', { name: 'Remove application' }).click();
    const confirm = card.getByTestId('remove-app-confirm');
    expect(await confirm.textContent()).toContain('Its 1 linked seller account is removed too');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await options.getByTestId('app-card').count()).toBe(2);

    await card.getByRole('button', { name: 'Remove application' }).click();
    await card.getByTestId('remove-app-confirm').getByRole('button', { name: 'Remove from this extension' }).click();
    await expect.poll(() => options.getByTestId('app-card').count()).toBe(1);
    expect(await options.getByTestId('options-account').count()).toBe(1);

    const after = await local();
    const keys = Object.keys(after);
    expect((after.accounts as { id: string }[]).map((a) => a.id)).toEqual([otherAccount.id]);
    expect(keys.filter((k) => k.includes(liveAccount.id))).toEqual([]);
    expect(keys.filter((k) => k.includes(liveAccount.appId))).toEqual([]);
    expect(Object.values((after.fingerprints as Record<string, string>) ?? {})).not.toContain(liveAccount.id);
    // The other application's seller is untouched and still shows in the popup.
    expect(keys.some((k) => k.startsWith('vault.rec.') && k.includes(otherAccount.id))).toBe(true);
    const popup = await ext.openPopup();
    await expect.poll(() => popup.getByTestId('account-row').count()).toBe(1);
    await popup.close();
  });
});
