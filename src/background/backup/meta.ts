/**
 * Registers the non-secret metadata that travels inside encrypted backups: applications and
 * linked accounts. On import, entries that do not exist here are added; existing ones are kept
 * (their secrets still follow the vault's newer-wins merge).
 */
import { isAccount, type Account } from '../../core/tokens';
import { validateAppInput } from '../../core/oauth';
import { isSiteId } from '../../core/sites';
import { CodedError } from '../infra';
import { listApps, saveApps, type StoredApp } from '../applications';
import { listAccounts, saveAccounts } from '../accounts';
import { backupParts, type BackupPart } from './parts';

/** A backup entry that does not pass the same checks as the options form: nothing is imported. */
function invalid(field: string): never {
  throw new CodedError('backup_invalid', { field });
}

const isTime = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
const timeOrNull = (x: unknown) => x === null || x === undefined || isTime(x);
const shortText = (x: unknown, max: number) => typeof x === 'string' && x.length <= max;

/**
 * An application from a backup, validated exactly as the options form validates one (name,
 * digits-only client id, country, PKCE mode, sandbox switch, custom endpoints) plus its hygiene
 * dates. Returns the normalized application; extra fields are dropped.
 */
export function backupApp(x: unknown): StoredApp {
  const v = validateAppInput(x, { secretOptional: true });
  if (!v.ok) invalid(`app.${v.errors[0]!.field}`);
  if (v.clientSecret !== null) invalid('app.clientSecret'); // secrets travel only as sealed records
  const a = x as Record<string, unknown>;
  if (a.id !== v.value.id) invalid('app.id');
  if (!isTime(a.createdAt)) invalid('app.createdAt');
  for (const k of ['lastRenewedAt', 'renewalStartedAt', 'sharingReviewedAt'] as const) if (!timeOrNull(a[k])) invalid(`app.${k}`);
  return {
    ...v.value,
    createdAt: a.createdAt as number,
    lastRenewedAt: (a.lastRenewedAt as number | null | undefined) ?? null,
    renewalStartedAt: (a.renewalStartedAt as number | null | undefined) ?? null,
    sharingReviewedAt: (a.sharingReviewedAt as number | null | undefined) ?? null,
  };
}

/** A linked account from a backup: the model's shape, plus ranges the UI relies on. */
export function backupAccount(x: unknown): Account {
  if (!isAccount(x)) invalid('account');
  const a = x as Account;
  if (!/^\d{1,32}$/.test(a.userId)) invalid('account.userId');
  if (a.siteId !== null && !isSiteId(a.siteId)) invalid('account.siteId');
  if (a.nickname !== null && !shortText(a.nickname, 200)) invalid('account.nickname');
  if (!isTime(a.accessExpiresAt) || !isTime(a.linkedAt) || !timeOrNull(a.lastRefreshAt)) invalid('account.dates');
  if (!shortText(a.maskedAccess, 128) || !shortText(a.maskedRefresh, 128)) invalid('account.masked');
  if (a.profileError !== undefined && typeof a.profileError !== 'boolean') invalid('account.profileError');
  if (a.lastError !== undefined) {
    const e = a.lastError as unknown as Record<string, unknown>;
    if (typeof e !== 'object' || e === null || !/^[a-z_]{1,64}$/.test(String(e.code)) || !isTime(e.at) || (e.retryAfter !== undefined && !isTime(e.retryAfter))) {
      invalid('account.lastError');
    }
  }
  return a;
}

function part<T extends { id: string }>(prefix: string, list: () => Promise<T[]>, save: (all: T[]) => Promise<void>, valid: (x: unknown) => T): BackupPart {
  let staged: T[] | null = null;
  return {
    async export() {
      return Object.fromEntries((await list()).map((x) => [`${prefix}${x.id}`, x]));
    },
    async plan(meta) {
      staged = null;
      const current = await list();
      const have = new Set(current.map((x) => x.id));
      // Every entry is checked, even those that would be kept: a crafted file is refused whole.
      const incoming = Object.entries(meta)
        .filter(([k]) => k.startsWith(prefix))
        .map(([k, v]) => {
          const value = valid(v);
          if (`${prefix}${value.id}` !== k) invalid(prefix);
          return value;
        });
      const added = incoming.filter((v) => !have.has(v.id));
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
  part<StoredApp>('meta:app:', listApps, saveApps, backupApp),
  part<Account>('meta:account:', listAccounts, saveAccounts, backupAccount),
);
