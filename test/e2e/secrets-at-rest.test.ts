import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launchExtension, type Ext } from './harness';
import { addApp, linkSeller, sandboxFor, setupVault, SANDBOX_SECRET } from './flows';
import type { Sandbox } from '../../scripts/sandbox/server';

function files(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) out = out.concat(files(p));
    else if (st.isFile()) out.push(p);
  }
  return out;
}

/** Every encoding a secret could hide in on disk: UTF-8, UTF-16LE, base64 and base64url. */
function needles(secret: string): Buffer[] {
  const b64 = Buffer.from(secret).toString('base64').replace(/=+$/, '');
  return [
    Buffer.from(secret, 'utf8'),
    Buffer.from(secret, 'utf16le'),
    Buffer.from(b64.slice(0, 24)),
    Buffer.from(b64.slice(0, 24).replace(/\+/g, '-').replace(/\//g, '_')),
  ];
}

function scanProfile(dir: string, secrets: string[]): string[] {
  const hits: string[] = [];
  for (const f of files(dir)) {
    let data: Buffer;
    try {
      data = readFileSync(f);
    } catch {
      continue;
    }
    for (const s of secrets) for (const n of needles(s)) if (data.includes(n)) hits.push(`${f}: ${s.slice(0, 8)}…`);
  }
  return hits;
}

async function storageDump(ext: Ext): Promise<string> {
  return (await ext.currentWorker()).evaluate(async () => JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.sync.get(null)]));
}

for (const mode of ['passphrase', 'device'] as const) {
  describe(`secrets at rest, ${mode} mode`, () => {
    let ext: Ext;
    let sb: Sandbox;
    let secrets: string[];

    beforeAll(async () => {
      ext = await launchExtension();
      sb = await sandboxFor(ext, { autoApprove: null });
      await setupVault(ext, mode);
      const options = await ext.openOptions();
      await addApp(options, sb, { name: 'Sandbox App', clientId: '1234567890123456', clientSecret: SANDBOX_SECRET });
      sb.setAutoApprove(sb.sellers[0]!.userId);
      await linkSeller(options, 'Sandbox App');
      await options.getByTestId('options-account').waitFor();
      await options.getByRole('button', { name: 'Get application token' }).click();
      await options.getByTestId('app-token').waitFor();
      await options.close();
      const t = sb.currentTokens('1234567890123456', sb.sellers[0]!.userId)!;
      secrets = [SANDBOX_SECRET, t.accessToken, t.refreshToken, sb.issued.clientCredentialsToken('1234567890123456')!.accessToken];
      expect(secrets.every((s) => typeof s === 'string' && s.length >= 32)).toBe(true);
    });
    afterAll(async () => {
      await ext?.close();
      await sb?.close();
    });

    it('chrome.storage.local and storage.sync hold no secret', async () => {
      const dump = await storageDump(ext);
      for (const s of secrets) expect(dump).not.toContain(s);
      expect(dump).toContain('"alg":"A256GCM"'); // the records are there, as ciphertext
    });

    if (mode === 'passphrase') {
      it('no file of the Chromium profile holds a secret (UTF-8, UTF-16LE or base64)', async () => {
        // Lock first: the unlocked key lives in storage.session (memory) only, and session data
        // never reaches the profile. Give Chromium time to flush its LevelDB writes.
        const popup = await ext.openPopup();
        await popup.getByRole('button', { name: 'Lock now' }).click();
        await popup.getByTestId('vault-unlock').waitFor();
        await popup.close();
        await new Promise((r) => setTimeout(r, 1500));
        // The scan does see what the extension stores: the (non-secret) client id is found on disk.
        expect(scanProfile(ext.profileDir, ['1234567890123456']).length).toBeGreaterThan(0);
        expect(scanProfile(ext.profileDir, secrets)).toEqual([]);
      });
    }
  });
}
