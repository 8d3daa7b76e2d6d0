/**
 * Issue #12 item 9: a crafted but valid backup must not brick the UI, and a damaged vault leaves a
 * way out. The crafted file is made with the extension's own backup format (core/vault), so it
 * decrypts fine: only its content is hostile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchExtension, type Ext } from './harness';
import { addApp, setupVault, SANDBOX_SECRET } from './flows';
import { exportBackup } from '../../src/core/vault';
import type { Sandbox } from '../../scripts/sandbox/server';

const BACKUP_PASS = 'backup passphrase 42';

describe('crafted backups and a damaged vault leave the UI usable', () => {
  let ext: Ext;
  let options: Page;
  const dir = mkdtempSync(join(tmpdir(), 'mp-crafted-'));

  async function local(): Promise<Record<string, unknown>> {
    return (await ext.currentWorker()).evaluate(() => chrome.storage.local.get(null));
  }
  async function crafted(name: string, records: Record<string, unknown>): Promise<string> {
    const file = await exportBackup(globalThis.crypto, records, BACKUP_PASS, Date.now(), { iterations: 600_000 });
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(file));
    return path;
  }
  async function importFile(path: string) {
    const form = options.getByRole('form', { name: 'Import backup' });
    await form.getByLabel('Backup file').setInputFiles(path);
    await form.getByLabel('Backup passphrase').fill(BACKUP_PASS);
    await form.getByRole('button', { name: 'Import backup' }).click();
  }
  async function popupHasLockNow(): Promise<boolean> {
    const popup = await ext.openPopup();
    try {
      await popup.getByRole('button', { name: 'Lock now' }).waitFor({ timeout: 10_000 });
      return true;
    } catch {
      return false;
    } finally {
      await popup.close();
    }
  }

  beforeAll(async () => {
    ext = await launchExtension();
    await setupVault(ext);
    options = await ext.openOptions();
    const fakeSandbox = { url: 'http://127.0.0.1:9' } as Sandbox;
    await addApp(options, fakeSandbox, { name: 'Real App', clientId: '1234567890123456', clientSecret: SANDBOX_SECRET });
  });
  afterAll(async () => {
    await ext?.close();
  });

  it('a backup whose application has siteId "XX" is refused whole, and nothing changes', async () => {
    const before = await local();
    const app = { id: 'evil', name: 'Evil', clientId: '123', siteId: 'XX', pkce: 'S256', sandbox: false, createdAt: 1, lastRenewedAt: null, renewalStartedAt: null, sharingReviewedAt: null };
    await importFile(await crafted('site.json', { 'meta:app:evil': app, 'app:evil': { clientSecret: 'a'.repeat(32), updatedAt: 1 } }));
    await expect.poll(() => options.getByRole('form', { name: 'Import backup' }).getByRole('alert').textContent()).toContain('does not pass the checks of the options form (app.siteId)');
    expect(await local()).toEqual(before);
    // Other fields the options form refuses: a token URL that is not https, an account's country.
    await importFile(await crafted('endpoint.json', { 'meta:app:evil': { ...app, siteId: 'MLA', endpoints: { token: 'http://evil.example/oauth/token' } } }));
    await expect.poll(() => options.getByRole('form', { name: 'Import backup' }).getByRole('alert').textContent()).toContain('(app.endpoints.token)');
    expect(await local()).toEqual(before);
    expect(await popupHasLockNow()).toBe(true);
  });

  it('an application with a bad country written straight into storage does not break the overview', async () => {
    const saved = (await local()).apps;
    await (await ext.currentWorker()).evaluate(async () => {
      const apps = (await chrome.storage.local.get('apps')).apps as Record<string, unknown>[];
      await chrome.storage.local.set({ apps: apps.map((a) => ({ ...a, siteId: 'XX' })) });
    });
    expect(await popupHasLockNow()).toBe(true);
    await (await ext.currentWorker()).evaluate((apps) => chrome.storage.local.set({ apps }), saved);
  });

  it('a damaged record: the export leaves it out and says so; reset is offered', async () => {
    await (await ext.currentWorker()).evaluate(async () => {
      const all = await chrome.storage.local.get(null);
      const key = Object.keys(all).find((k) => k.startsWith('vault.rec.app:'))!;
      const env = all[key] as { ct: string };
      await chrome.storage.local.set({ [key]: { ...env, ct: (env.ct[0] === 'A' ? 'B' : 'A') + env.ct.slice(1) } });
    });
    await options.reload();
    await options.getByLabel('Backup passphrase').first().fill(BACKUP_PASS);
    const [download] = await Promise.all([options.waitForEvent('download'), options.getByRole('button', { name: 'Export backup' }).click()]);
    expect(download.suggestedFilename()).toMatch(/backup/);
    await expect.poll(() => options.getByRole('status').filter({ hasText: 'Backup exported' }).textContent()).toContain('1 damaged record could not be read and was left out.');
    await options.getByTestId('vault-reset').waitFor();
  });

  it('a damaged vault header: the popup still answers; the options page explains it and resets after confirmation', async () => {
    await (await ext.currentWorker()).evaluate(async () => {
      const { ['vault.header']: h } = await chrome.storage.local.get('vault.header');
      await chrome.storage.local.set({ 'vault.header': { ...(h as object), wrapped: { v: 1, alg: 'A256GCM', iv: 'x', ct: 'y' } } });
      await chrome.storage.session.remove('vault.key');
    });
    const popup = await ext.openPopup();
    await popup.getByTestId('vault-unlock').waitFor();
    await popup.getByLabel('Passphrase').fill('correct horse battery staple');
    await popup.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => popup.getByRole('alert').first().textContent()).toContain('reset the vault');
    await popup.close();

    await options.reload();
    await expect.poll(() => options.getByTestId('vault-broken').textContent()).toContain('damaged');
    const reset = options.getByTestId('vault-reset');
    await reset.getByRole('button', { name: 'Reset the vault…' }).click();
    expect(Object.keys(await local())).toContain('vault.header'); // nothing happens before the confirmation
    await reset.getByRole('button', { name: 'Yes, reset the vault' }).click();
    await options.getByTestId('vault-setup').waitFor();
    const after = await local();
    expect(Object.keys(after).filter((k) => k.startsWith('vault.') || k === 'apps' || k === 'accounts')).toEqual([]);
    // And the vault can be set up again.
    await setupVault(ext);
  });

  it('an intact, locked vault cannot be reset from a page', async () => {
    const r = await options.evaluate(() => chrome.runtime.sendMessage({ type: 'vault.lock', payload: {} }).then(() => chrome.runtime.sendMessage({ type: 'vault.reset', payload: { confirm: true } })));
    expect((r as { error?: { code: string } }).error?.code).toBe('locked');
    expect(Object.keys(await local())).toContain('vault.header');
  });
});
