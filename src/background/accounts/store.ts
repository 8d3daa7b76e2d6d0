/**
 * Linked seller accounts: metadata (masked values, expiry, nickname, state) in storage.local
 * (`accounts`), tokens only in the vault (`acct:<id>`), a bounded timeline per account.
 */
import type { TokenSet, UserMe } from '../../core/oauth';
import { fingerprint } from '../../core/leaks';
import { appendEvent, linkedAccount, type Account, type TimelineEvent, type Transition } from '../../core/tokens';
import { CodedError, emit, getLocal, removeLocal, setLocal } from '../infra';
import { deleteSecrets, getSecret, putSecrets } from '../vault';

const KEY = 'accounts';
const TIMELINE = 'timeline.';
export const accountSecretId = (accountId: string) => `acct:${accountId}`;
export { accountId as accountIdOf } from '../../core/tokens';
import { accountId as accountIdOf } from '../../core/tokens';

export interface AccountSecrets {
  accessToken: string;
  refreshToken: string | null;
  publicKey: string | null;
}

export async function listAccounts(): Promise<Account[]> {
  return (await getLocal<Account[]>(KEY)) ?? [];
}

/** Replaces the whole list (backup import); rebuilds the fingerprint index from the vault. */
export async function saveAccounts(all: Account[]): Promise<void> {
  await setLocal({ [KEY]: all });
  for (const a of all) {
    const sec = await getSecret<AccountSecrets>(accountSecretId(a.id)).catch(() => null);
    if (sec) await rememberFingerprints(a.id, [sec.accessToken, sec.refreshToken]);
  }
  emit('accounts');
}

export async function getAccount(id: string): Promise<Account> {
  const a = (await listAccounts()).find((x) => x.id === id);
  if (!a) throw new CodedError('account_not_found');
  return a;
}

export async function accountSecrets(id: string): Promise<AccountSecrets> {
  const s = await getSecret<AccountSecrets>(accountSecretId(id));
  if (!s) throw new CodedError('account_secret_missing');
  return s;
}

/** Persists a core transition: the account's metadata and its timeline event. */
export async function applyTransition(t: Transition): Promise<Account> {
  const all = await listAccounts();
  const exists = all.some((a) => a.id === t.account.id);
  await setLocal({
    [KEY]: exists ? all.map((a) => (a.id === t.account.id ? t.account : a)) : [...all, t.account],
    [TIMELINE + t.account.id]: appendEvent(await timelineOf(t.account.id), t.event),
  });
  emit('accounts');
  return t.account;
}

/**
 * Stores a token set in the vault. Always called before the metadata is updated, so a rotated
 * refresh token is safe before anything else happens.
 */
export async function storeSecrets(appId: string, tokens: TokenSet): Promise<void> {
  const id = accountIdOf(appId, tokens.userId);
  await putSecrets([[accountSecretId(id), { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, publicKey: tokens.publicKey }]]);
  await rememberFingerprints(id, [tokens.accessToken, tokens.refreshToken]);
}

/**
 * Fingerprints (16 hex chars of SHA-256, the leak engine's) of each account's current tokens, so
 * the leak monitor can say "this is the access token of seller X" without unlocking the vault.
 * A truncated hash of a high-entropy token reveals nothing usable about it.
 */
const FINGERPRINTS = 'fingerprints';
export async function fingerprintIndex(): Promise<Record<string, string>> {
  return (await getLocal<Record<string, string>>(FINGERPRINTS)) ?? {};
}
async function rememberFingerprints(accountId: string, secrets: (string | null)[]): Promise<void> {
  const index = Object.fromEntries(Object.entries(await fingerprintIndex()).filter(([, id]) => id !== accountId));
  for (const s of secrets) if (s) index[fingerprint(s)] = accountId;
  await setLocal({ [FINGERPRINTS]: index });
}

export async function saveLinked(appId: string, tokens: TokenSet, profile: UserMe | null): Promise<Account> {
  await storeSecrets(appId, tokens);
  const previous = (await listAccounts()).find((a) => a.id === accountIdOf(appId, tokens.userId)) ?? null;
  return applyTransition(linkedAccount({ appId, tokens, profile, now: Date.now(), previous }));
}

export async function removeAccount(id: string): Promise<void> {
  const all = await listAccounts();
  await setLocal({ [KEY]: all.filter((a) => a.id !== id) });
  await deleteSecrets([accountSecretId(id)]);
  await removeLocal(TIMELINE + id);
  await rememberFingerprints(id, []);
  emit('accounts');
}

export async function timelineOf(id: string): Promise<TimelineEvent[]> {
  return (await getLocal<TimelineEvent[]>(TIMELINE + id)) ?? [];
}

export async function addTimeline(id: string, event: TimelineEvent): Promise<void> {
  await setLocal({ [TIMELINE + id]: appendEvent(await timelineOf(id), event) });
}
