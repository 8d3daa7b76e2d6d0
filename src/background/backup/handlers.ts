/**
 * Encrypted backups: export seals the vault's readable records and every registered metadata part
 * (applications, linked accounts) under a backup passphrase; import checks the whole file first and
 * writes nothing unless all of it passes.
 */
import { exportBackup, importBackup, mergeRecords, checkPassphrase } from '../../core/vault';
import { CodedError, type Handler } from '../infra';
import { readableSecrets, putSecrets, requireUnlocked } from '../vault';
import { listApps, recordMatches } from '../applications';
import { backupParts } from './parts';
import { backupApp } from './meta';

const SECRET_RE = /^[\x21-\x7e]{1,4096}$/;
const isSecret = (x: unknown) => typeof x === 'string' && SECRET_RE.test(x);
const isTime = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0;

/** A sealed record from a backup: a known kind, the fields the code reads, nothing malformed. */
function checkSecretRecord(id: string, v: unknown): void {
  const r = v as Record<string, unknown> | null;
  const ok =
    typeof r === 'object' &&
    r !== null &&
    (r.updatedAt === undefined || isTime(r.updatedAt)) &&
    (id.startsWith('app:')
      ? isSecret(r.clientSecret) && (r.clientSecret as string).length <= 512
      : id.startsWith('acct:')
        ? isSecret(r.accessToken) && (r.refreshToken === null || isSecret(r.refreshToken)) && (r.publicKey === null || r.publicKey === undefined || isSecret(r.publicKey))
        : id.startsWith('apptoken:')
          ? isSecret(r.accessToken)
          : false);
  if (!ok) throw new CodedError('backup_invalid', { field: id.split(':')[0]! });
}

type K = 'vault.export' | 'vault.import';

export const backupHandlers: { [P in K]: Handler<P> } = {
  async 'vault.export'(req) {
    await requireUnlocked();
    if (checkPassphrase(req.passphrase) !== 'ok') throw new CodedError('weak_passphrase');
    // A damaged record cannot be exported; the rest can (the answer says how many were left out).
    const readable = await readableSecrets();
    const records: Record<string, unknown> = { ...readable.records };
    for (const part of backupParts) Object.assign(records, await part.export());
    const now = Date.now();
    const file = await exportBackup(crypto, records, req.passphrase, now);
    const stamp = new Date(now).toISOString().slice(0, 10);
    return { fileName: `mp-credential-hygiene-backup-${stamp}.json`, text: JSON.stringify(file, null, 2), count: Object.keys(records).length, skipped: readable.broken.length };
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
    for (const [id, v] of Object.entries(secretIn)) checkSecretRecord(id, v);
    // Damaged records count as absent: the backup's copy replaces them.
    const existing = (await readableSecrets()).records;
    const merged = mergeRecords(existing, secretIn);
    // A client secret replaces the one here only if it is sealed for the application that will be
    // in effect (the one here is kept when both exist): else it would be refused as tampered.
    const apps = new Map([...(await listApps()).map((a) => [a.id, a] as const)]);
    for (const [k, v] of Object.entries(metaIn)) if (k.startsWith('meta:app:') && !apps.has(k.slice(9))) apps.set(k.slice(9), backupApp(v));
    const unsealed = (id: string) => id.startsWith('app:') && apps.has(id.slice(4)) && (merged.merged[id] as { binding?: unknown }).binding !== undefined && !recordMatches(apps.get(id.slice(4))!, merged.merged[id]);
    const skipped = merged.replaced.filter(unsealed);
    if (merged.added.some(unsealed)) throw new CodedError('backup_invalid', { field: 'app.endpoints' });
    const toWrite = [...merged.added, ...merged.replaced.filter((id) => !skipped.includes(id))].map((id) => [id, merged.merged[id] as Record<string, unknown>] as [string, Record<string, unknown>]);
    let added = merged.added.length;
    let replaced = merged.replaced.length - skipped.length;
    let kept = merged.kept.length + skipped.length;
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
};
