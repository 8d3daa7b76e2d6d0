import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type Ext } from './harness';
import { addApp, appCard, sandboxFor, setupVault, SANDBOX_SECRET } from './flows';
import type { Sandbox } from '../../scripts/sandbox/server';

describe('credential-renewal hygiene in the options page and popup', () => {
  let ext: Ext;
  let sb: Sandbox;
  beforeAll(async () => {
    ext = await launchExtension();
    sb = await sandboxFor(ext);
    await setupVault(ext);
  });
  afterAll(async () => {
    await ext?.close();
    await sb?.close();
  });

  it('"I renewed my credentials" stores the new secret and counts down the 12 hours; the checklist follows', async () => {
    const options = await ext.openOptions();
    await addApp(options, sb, { name: 'Sandbox App', clientId: '1234567890123456', clientSecret: SANDBOX_SECRET, pkce: 'plain' });
    const card = appCard(options, 'Sandbox App');
    expect(await card.getByTestId('renewal-status').textContent()).toContain('No credential renewal recorded yet.');
    const checklist = card.getByRole('list', { name: 'Credential hygiene' });
    expect(await checklist.locator('li[data-ok="false"]').filter({ hasText: 'PKCE on with S256' }).count()).toBe(1);
    expect(await checklist.locator('li[data-ok="false"]').filter({ hasText: 'Credential sharing reviewed' }).count()).toBe(1);

    await card.getByRole('button', { name: 'I renewed my credentials' }).click();
    await card.getByLabel('New client secret').fill('too short');
    await card.getByRole('button', { name: 'I renewed my credentials' }).click();
    await expect.poll(() => card.getByRole('alert').first().textContent()).toContain('does not look like a client secret');

    const fresh = 'NewSecret0123456789abcdefABCDEF0';
    await card.getByLabel('New client secret').fill(fresh);
    await card.getByRole('button', { name: 'I renewed my credentials' }).click();
    const grace = card.getByTestId('grace-window');
    await grace.waitFor();
    expect(await grace.textContent()).toMatch(/Old credentials stop working at .+ \(expires in 1[12]:\d\d:\d\d\) — update your integrations\./);
    await card.getByRole('button', { name: 'Reveal: Client secret' }).click();
    await expect.poll(() => card.locator('.revealed').first().textContent()).toBe(fresh);

    await card.getByRole('button', { name: 'I reviewed credential sharing' }).click();
    await expect.poll(() => checklist.locator('li[data-ok="true"]').filter({ hasText: 'Credential sharing reviewed' }).count()).toBe(1);

    const popup = await ext.openPopup();
    const reminder = popup.getByTestId('renewal-reminder');
    await expect.poll(() => reminder.count()).toBe(1);
    expect(await reminder.textContent()).toMatch(/Sandbox App: old credentials stop working at .+ — update your integrations\./);
    await popup.close();
    await options.close();
  });
});
