/**
 * Registers the non-secret metadata that travels inside encrypted backups: applications and
 * linked accounts. On import, entries that do not exist here are added; existing ones are kept
 * (their secrets still follow the vault's newer-wins merge).
 */
import { isAccount, type Account } from '../core/tokens';
import { backupParts, type BackupPart } from './backup-parts';
import { listApps, saveApps, type StoredApp } from './apps';
import { listAccounts, saveAccounts } from './accounts';

function isStoredApp(x: unknown): x is StoredApp {
  if (typeof x !== 'object' || x === null) return false;
  const a = x as Record<string, unknown>;
  return typeof a.id === 'string' && typeof a.name === 'string' && typeof a.clientId === 'string' && /^\d+$/.test(a.clientId) && typeof a.siteId === 'string';
}

function part<T extends { id: string }>(prefix: string, list: () => Promise<T[]>, save: (all: T[]) => Promise<void>, valid: (x: unknown) => x is T): BackupPart {
  let staged: T[] | null = null;
  return {
    async export() {
      return Object.fromEntries((await list()).map((x) => [`${prefix}${x.id}`, x]));
    },
    async plan(meta) {
      const current = await list();
      const have = new Set(current.map((x) => x.id));
      const incoming = Object.entries(meta).filter(([k]) => k.startsWith(prefix)).map(([, v]) => v);
      const added = incoming.filter((v): v is T => valid(v) && !have.has(v.id));
      staged = added.length ? [...current, ...added] : null;
      return { added: added.length, replaced: 0, kept: incoming.length - added.length, secrets: [] };
    },
    async commit() {
      if (staged) await save(staged);
      staged = null;
    },
  };
}

backupParts.push(
  part<StoredApp>('meta:app:', listApps, saveApps, isStoredApp),
  part<Account>('meta:account:', listAccounts, saveAccounts, isAccount),
);
