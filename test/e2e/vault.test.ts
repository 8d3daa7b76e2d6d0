import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type Ext } from './harness';

const PASS = 'correct horse battery staple';

async function storageLocal(ext: Ext): Promise<Record<string, unknown>> {
  const w = await ext.currentWorker();
  return w.evaluate(() => chrome.storage.local.get(null));
}

describe('vault in Chromium: passphrase setup, lock, unlock, restart, auto-lock', () => {
  let ext: Ext;
  beforeAll(async () => {
    ext = await launchExtension();
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('first run asks for a passphrase, with a device-protected choice', async () => {
    const popup = await ext.openPopup();
    const setup = popup.getByTestId('vault-setup');
    await setup.waitFor();
    expect(await setup.getByRole('button', { name: 'Skip: device-protected only' }).isVisible()).toBe(true);
    await popup.getByLabel('Passphrase', { exact: true }).fill(PASS);
    await popup.getByLabel('Repeat the passphrase').fill('different passphrase');
    await popup.getByRole('button', { name: 'Set passphrase' }).click();
    await expect.poll(() => popup.getByRole('alert').textContent()).toContain('The two passphrases are different.');
    await popup.getByLabel('Repeat the passphrase').fill(PASS);
    await popup.getByRole('button', { name: 'Set passphrase' }).click();
    await expect.poll(() => popup.getByTestId('vault-mode').textContent()).toContain('Passphrase-protected · Unlocked');
    const header = (await storageLocal(ext))['vault.header'] as { mode: string; kdf: { iterations: number } };
    expect(header.mode).toBe('passphrase');
    expect(header.kdf.iterations).toBeGreaterThanOrEqual(600_000);
    await popup.close();
  });

  it('stays unlocked after the service worker is stopped', async () => {
    await ext.stopServiceWorker();
    const popup = await ext.openPopup();
    await expect.poll(() => popup.getByTestId('vault-mode').textContent()).toContain('Unlocked');
    await popup.close();
  });

  it('Lock now shows the unlock form; a wrong passphrase is refused with a clear error and changes nothing', async () => {
    const popup = await ext.openPopup();
    await popup.getByRole('button', { name: 'Lock now' }).click();
    await popup.getByTestId('vault-unlock').waitFor();
    const before = await storageLocal(ext);
    await popup.getByLabel('Passphrase').fill('not the passphrase');
    await popup.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => popup.getByRole('alert').textContent()).toContain('That passphrase is not correct. Nothing was changed.');
    const after = await storageLocal(ext);
    expect(after['vault.header']).toEqual(before['vault.header']);
    await popup.getByLabel('Passphrase').fill(PASS);
    await popup.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => popup.getByTestId('vault-mode').textContent()).toContain('Unlocked');
    await popup.close();
  });

  it('locks itself after the idle timeout and the popup shows the unlock form', async () => {
    const w = await ext.currentWorker();
    // Shorten the idle timeout to 3 seconds (the options page allows 1 minute at the least).
    await w.evaluate(async () => {
      const { settings = {} } = (await chrome.storage.local.get('settings')) as { settings?: Record<string, unknown> };
      await chrome.storage.local.set({ settings: { ...settings, autoLockMinutes: 0.05 } });
    });
    // Lock and unlock (a user action: restarts the idle timer with the short timeout).
    const popup = await ext.openPopup();
    await popup.getByRole('button', { name: 'Lock now' }).click();
    await popup.getByLabel('Passphrase').fill(PASS);
    await popup.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => popup.getByTestId('vault-mode').textContent()).toContain('Unlocked');
    await popup.close();
    await expect
      .poll(async () => (await ext.currentWorker()).evaluate(async () => Object.keys(await chrome.storage.session.get('vault.key')).length), {
        timeout: 30_000,
        interval: 500,
      })
      .toBe(0);
    const again = await ext.openPopup();
    await again.getByTestId('vault-unlock').waitFor();
    await again.close();
  });
});
