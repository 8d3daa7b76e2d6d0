import type { Handler } from '../router';
import { CodedError } from '../router';
import { changeProtection, lock, setupVault, unlock, vaultState, allSecrets, putSecrets, requireUnlocked, refuseWhileLocked } from '../vault';
import { exportBackup, importBackup, mergeRecords, checkPassphrase } from '../../core/vault';
import { getSettings, updateSettings } from '../settings';
import { backupParts } from '../backup-parts';

type K = 'vault.state' | 'vault.setup' | 'vault.unlock' | 'vault.lock' | 'vault.changeProtection' | 'vault.export' | 'vault.import' | 'settings.get' | 'settings.set';

export const vaultHandlers: { [P in K]: Handler<P> } = {
  'vault.state': () => vaultState(),
  async 'vault.setup'(req) {
    await setupVault(req.mode === 'passphrase' ? { mode: 'passphrase', passphrase: req.passphrase } : { mode: 'device' });
    return vaultState();
  },
  async 'vault.unlock'(req) {
    await unlock(typeof req.passphrase === 'string' ? req.passphrase : '');
    return vaultState();
  },
  async 'vault.lock'() {
    await lock();
    return vaultState();
  },
  async 'vault.changeProtection'(req) {
    await changeProtection(req);
    return vaultState();
  },
  async 'vault.export'(req) {
    await requireUnlocked();
    if (checkPassphrase(req.passphrase) !== 'ok') throw new CodedError('weak_passphrase');
    const records: Record<string, unknown> = { ...(await allSecrets()) };
    for (const part of backupParts) Object.assign(records, await part.export());
    const now = Date.now();
    const file = await exportBackup(crypto, records, req.passphrase, now);
    const stamp = new Date(now).toISOString().slice(0, 10);
    return { fileName: `mp-credential-hygiene-backup-${stamp}.json`, text: JSON.stringify(file, null, 2), count: Object.keys(records).length };
  },
  async 'vault.import'(req) {
    await requireUnlocked();
    let parsed: unknown;
    try {
      parsed = JSON.parse(req.text);
    } catch {
      throw new CodedError('backup_corrupt');
    }
    // Decrypt and validate everything before touching storage: a bad file changes nothing.
    const incoming = await importBackup(crypto, parsed, req.passphrase);
    const secretIn: Record<string, unknown> = {};
    const metaIn: Record<string, unknown> = {};
    for (const [id, v] of Object.entries(incoming)) (id.startsWith('meta:') ? metaIn : secretIn)[id] = v;
    const existing = await allSecrets();
    const merged = mergeRecords(existing, secretIn);
    const toWrite = [...merged.added, ...merged.replaced].map((id) => [id, merged.merged[id] as Record<string, unknown>] as [string, Record<string, unknown>]);
    let added = merged.added.length;
    let replaced = merged.replaced.length;
    let kept = merged.kept.length;
    for (const part of backupParts) {
      const r = await part.plan(metaIn);
      added += r.added;
      replaced += r.replaced;
      kept += r.kept;
      toWrite.push(...r.secrets);
    }
    await putSecrets(toWrite);
    for (const part of backupParts) await part.commit();
    return { added, replaced, kept };
  },
  'settings.get': () => getSettings(),
  async 'settings.set'(patch) {
    // Auto-lock, console warnings, ignored origins…: nothing that weakens protection while locked.
    await refuseWhileLocked();
    return updateSettings(patch);
  },
};
