import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchExtension, type Ext } from './harness';
import { addApp, sandboxFor, setupVault, SANDBOX_SECRET } from './flows';
import type { Sandbox } from '../../scripts/sandbox/server';

const BACKUP_PASS = 'backup passphrase 42';

describe('encrypted backup through the options page', () => {
  let a: Ext;
  let b: Ext;
  let sb: Sandbox;
  let file: string;
  const dir = mkdtempSync(join(tmpdir(), 'mp-backup-'));

  beforeAll(async () => {
    a = await launchExtension();
    sb = await sandboxFor(a);
    await setupVault(a);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await sb?.close();
  });

  it('exports a backup file that holds no secret in clear', async () => {
    const options = await a.openOptions();
    await addApp(options, sb, { name: 'Sandbox App', clientId: '1234567890123456', clientSecret: SANDBOX_SECRET });
    await options.getByLabel('Backup passphrase').first().fill(BACKUP_PASS);
    const [download] = await Promise.all([options.waitForEvent('download'), options.getByRole('button', { name: 'Export backup' }).click()]);
    file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text).format).toBe('mp-credential-hygiene-backup');
    expect(text).not.toContain(SANDBOX_SECRET);
    expect(text).not.toContain('Sandbox App');
    await options.close();
  });

  async function importInto(options: Page, path: string, pass: string) {
    const form = options.getByRole('form', { name: 'Import backup' });
    await form.getByLabel('Backup file').setInputFiles(path);
    await form.getByLabel('Backup passphrase').fill(pass);
    await form.getByRole('button', { name: 'Import backup' }).click();
  }

  it('a wrong passphrase or a corrupt file → clear error and nothing changed; the right one restores apps and secrets', async () => {
    b = await launchExtension();
    await setupVault(b, 'device');
    const options = await b.openOptions();
    const before = await (await b.currentWorker()).evaluate(() => chrome.storage.local.get(null));

    await importInto(options, file, 'not the passphrase');
    await expect.poll(() => options.getByRole('alert').first().textContent()).toContain('That passphrase is not correct. Nothing was changed.');

    const corrupt = join(dir, 'corrupt.json');
    const parsed = JSON.parse(readFileSync(file, 'utf8'));
    const firstId = Object.keys(parsed.records)[0]!;
    parsed.records[firstId].ct = parsed.records[firstId].ct.replace(/^./, (c: string) => (c === 'A' ? 'B' : 'A'));
    writeFileSync(corrupt, JSON.stringify(parsed));
    await importInto(options, corrupt, BACKUP_PASS);
    await expect.poll(() => options.getByRole('alert').first().textContent()).toContain('damaged or is not a backup');

    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, '{"format": "mp-credential-hygiene-backup", ');
    await importInto(options, notJson, BACKUP_PASS);
    await expect.poll(() => options.getByRole('alert').first().textContent()).toContain('damaged or is not a backup');

    const after = await (await b.currentWorker()).evaluate(() => chrome.storage.local.get(null));
    expect(after).toEqual(before);

    await importInto(options, file, BACKUP_PASS);
    await expect.poll(() => options.getByRole('status').filter({ hasText: 'Imported' }).count()).toBe(1);
    await expect.poll(() => options.getByTestId('app-card').count()).toBe(1);
    const card = options.getByTestId('app-card').first();
    await card.getByRole('button', { name: 'Reveal: Client secret' }).click();
    await expect.poll(() => card.locator('.revealed').textContent()).toBe(SANDBOX_SECRET);
    await options.close();
  });
});
