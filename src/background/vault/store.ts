/**
 * Vault glue: keeps the vault header and record ciphertext in storage.local, the unlocked data
 * key in memory and in storage.session (so a service-worker restart does not lock, a browser
 * restart does), the device key in IndexedDB, and the auto-lock alarm. All crypto decisions are
 * in src/core/vault.
 */
import {
  VaultError,
  createVault,
  exportDataKey,
  importDataKey,
  openRecord,
  parseVaultHeader,
  rewrap,
  sealRecord,
  unlockWithDeviceKey,
  unlockWithPassphrase,
  upgradeKdf,
  checkPassphrase,
  PassphraseGate,
  type ThrottleState,
  type VaultHeader,
} from '../../core/vault';
import { CodedError, getLocal, getSession, removeLocal, removeSession, setLocal, setSession, allLocal, getSettings, emit } from '../infra';
import { loadDeviceKey, loadOrCreateDeviceKey } from './device-key';

const HEADER = 'vault.header';
const REC = 'vault.rec.';
const THROTTLE = 'vault.throttle';
const SESSION_KEY = 'vault.key';
const SESSION_ACTIVITY = 'vault.activity';
export const AUTOLOCK_ALARM = 'vault-autolock';

let memoryKey: CryptoKey | null = null;
/** Callbacks run right after the vault unlocks (e.g. refreshes that waited for it). */
const unlockHooks: (() => Promise<void>)[] = [];
export function onUnlocked(fn: () => Promise<void>): void {
  unlockHooks.push(fn);
}

export type VaultStateName = 'uninitialized' | 'locked' | 'unlocked';
export interface VaultState {
  state: VaultStateName;
  mode: 'passphrase' | 'device' | null;
  retryAt: number | null;
  autoLockMinutes: number;
  /** The stored header is damaged: only "reset the vault" can help. */
  broken?: 'header';
}

async function readHeader(): Promise<VaultHeader | null> {
  const raw = await getLocal<unknown>(HEADER);
  if (raw === undefined) return null;
  return parseVaultHeader(raw);
}

async function keepUnlocked(key: CryptoKey): Promise<void> {
  memoryKey = key;
  await setSession({ [SESSION_KEY]: await exportDataKey(crypto, key) });
  await touch();
  for (const hook of unlockHooks) void hook().catch(() => undefined);
  emit('vault');
}

/** The data key if the vault is open; device-protected vaults open on demand. */
async function currentKey(): Promise<CryptoKey | null> {
  if (memoryKey) return memoryKey;
  const saved = await getSession<string>(SESSION_KEY);
  if (saved) {
    try {
      memoryKey = await importDataKey(crypto, saved);
      return memoryKey;
    } catch {
      await removeSession(SESSION_KEY);
    }
  }
  const header = await readHeader();
  if (header?.mode === 'device') {
    const deviceKey = await loadDeviceKey();
    if (!deviceKey) throw new VaultError('wrong_device_key');
    const { dataKey } = await unlockWithDeviceKey(crypto, header, deviceKey);
    memoryKey = dataKey;
    await setSession({ [SESSION_KEY]: await exportDataKey(crypto, dataKey) });
    return dataKey;
  }
  return null;
}

export async function requireKey(): Promise<CryptoKey> {
  const header = await readHeader();
  if (!header) throw new CodedError('vault_uninitialized');
  const key = await currentKey();
  if (!key) throw new CodedError('locked');
  return key;
}

/** The header, or `'broken'` when one is stored but cannot be parsed (never throws for that). */
async function headerOrBroken(): Promise<VaultHeader | null | 'broken'> {
  try {
    return await readHeader();
  } catch (e) {
    if (e instanceof VaultError && e.code === 'corrupt_header') return 'broken';
    throw e;
  }
}

export async function vaultState(): Promise<VaultState> {
  const [header, throttle, settings] = await Promise.all([headerOrBroken(), getLocal<ThrottleState>(THROTTLE), getSettings()]);
  const base = { autoLockMinutes: settings.autoLockMinutes, retryAt: throttle?.nextAttemptAt ?? null };
  // A damaged header cannot be opened by anyone: locked, with the reset path offered.
  if (header === 'broken') return { ...base, state: 'locked', mode: null, broken: 'header' };
  if (!header) return { ...base, state: 'uninitialized', mode: null };
  if (header.mode === 'device') return { ...base, state: 'unlocked', mode: 'device' };
  const unlocked = memoryKey !== null || (await getSession<string>(SESSION_KEY)) !== undefined;
  return { ...base, state: unlocked ? 'unlocked' : 'locked', mode: 'passphrase' };
}

export async function isUnlocked(): Promise<boolean> {
  return (await vaultState()).state === 'unlocked';
}

function assertPassphrase(p: unknown): asserts p is string {
  if (typeof p !== 'string' || checkPassphrase(p) !== 'ok') throw new CodedError('weak_passphrase');
}

export async function setupVault(init: { mode: 'passphrase'; passphrase: string } | { mode: 'device' }): Promise<void> {
  if (await readHeader()) throw new CodedError('vault_exists');
  if (init.mode === 'passphrase') assertPassphrase(init.passphrase);
  const protection =
    init.mode === 'passphrase'
      ? ({ mode: 'passphrase', passphrase: init.passphrase } as const)
      : ({ mode: 'device', deviceKey: await loadOrCreateDeviceKey() } as const);
  const { header, dataKey } = await createVault(crypto, protection, Date.now());
  await setLocal({ [HEADER]: header });
  await keepUnlocked(dataKey);
}

/**
 * Every passphrase check goes through this one gate: serialized, counted before the key
 * derivation starts, throttled after three failures (see core/vault/throttle).
 */
const gate = new PassphraseGate(
  {
    load: () => getLocal<unknown>(THROTTLE),
    save: (state) => (state ? setLocal({ [THROTTLE]: state }) : removeLocal(THROTTLE)),
  },
  () => Date.now(),
);

/** Proves `passphrase` against the stored header, through the gate. Returns the unwrapped data key. */
async function provePassphrase(passphrase: unknown): Promise<{ header: VaultHeader; dataKey: CryptoKey; needsUpgrade: boolean }> {
  const r = await gate.run(async () => {
    // Read inside the gate: a change of protection that ran just before is seen.
    const header = await readHeader();
    if (!header) throw new CodedError('vault_uninitialized');
    if (header.mode !== 'passphrase') throw new VaultError('wrong_mode');
    try {
      const u = await unlockWithPassphrase(crypto, header, typeof passphrase === 'string' ? passphrase : '');
      return { header, ...u };
    } catch (e) {
      if (e instanceof VaultError && e.code === 'wrong_passphrase') return null;
      throw e;
    }
  });
  if (r.ok) return r.value;
  if (r.reason === 'throttled') throw new CodedError('too_many_attempts', { seconds: Math.max(1, Math.ceil((r.retryAt - Date.now()) / 1000)) });
  throw new VaultError('wrong_passphrase');
}

export async function unlock(passphrase: string): Promise<void> {
  const header = await readHeader();
  if (!header) throw new CodedError('vault_uninitialized');
  if (header.mode === 'device') return;
  const { header: current, dataKey, needsUpgrade } = await provePassphrase(passphrase);
  if (needsUpgrade) await setLocal({ [HEADER]: await upgradeKdf(crypto, current, dataKey, passphrase, Date.now()) });
  await keepUnlocked(dataKey);
}

/** The vault must be open; anything that changes where secrets go or what is watched calls this. */
export async function requireUnlocked(): Promise<void> {
  await requireKey();
  if (!(await isUnlocked())) throw new CodedError('locked');
}

/** Settings and ignore rules: refused while a vault exists and is locked (nothing to guard before setup). */
export async function refuseWhileLocked(): Promise<void> {
  if ((await vaultState()).state === 'locked') throw new CodedError('locked');
}

/**
 * Asks again before a security-relevant change (custom endpoints, protection): the vault must be
 * open and, with a passphrase, the passphrase proven again (through the same throttle). A
 * device-protected vault has no secret to ask for: it is opened afresh with the device key, which
 * fails if the header or the key was swapped.
 */
export async function reauthenticate(passphrase: unknown): Promise<void> {
  await requireUnlocked();
  const header = await readHeader();
  if (header?.mode === 'passphrase') {
    if (typeof passphrase !== 'string' || passphrase === '') throw new CodedError('reauth_required');
    await provePassphrase(passphrase);
    return;
  }
  const deviceKey = await loadDeviceKey();
  if (!header || !deviceKey) throw new VaultError('wrong_device_key');
  await unlockWithDeviceKey(crypto, header, deviceKey);
}

/**
 * Starts over: the header, every sealed record and what only makes sense with them (applications,
 * linked sellers, their history, fingerprints, application tokens, pending refreshes) are removed;
 * settings and leak findings stay. Allowed when the header is damaged (nobody can open it) or
 * while unlocked; a locked, intact vault is never reset from a page.
 */
export async function resetVault(): Promise<void> {
  const header = await headerOrBroken();
  if (header !== 'broken') await requireUnlocked();
  const all = await allLocal();
  const keys = Object.keys(all).filter((k) => k.startsWith('vault.') || k.startsWith('timeline.') || ['apps', 'accounts', 'fingerprints', 'appTokens'].includes(k));
  await removeLocal(keys);
  await removeSession([SESSION_KEY, SESSION_ACTIVITY, 'refresh.waiting', 'refresh.inflight']);
  memoryKey = null;
  await chrome.alarms.clear(AUTOLOCK_ALARM);
  emit('vault');
  emit('apps');
  emit('accounts');
}

export async function lock(): Promise<void> {
  memoryKey = null;
  await removeSession(SESSION_KEY);
  await chrome.alarms.clear(AUTOLOCK_ALARM);
  emit('vault');
}

/** Change, set or remove the passphrase: re-wraps the data key only; records stay as they are. */
export async function changeProtection(
  req: { to: 'passphrase'; currentPassphrase?: string; newPassphrase: string } | { to: 'device'; currentPassphrase: string },
): Promise<void> {
  // Only an open vault changes its protection, and a passphrase is proven again (through the
  // throttle) even then: a walk-up user must not change it.
  await requireUnlocked();
  let header = await readHeader();
  if (!header) throw new CodedError('vault_uninitialized');
  let dataKey: CryptoKey;
  if (header.mode === 'passphrase') {
    ({ header, dataKey } = await provePassphrase(req.currentPassphrase ?? ''));
  } else {
    await reauthenticate(undefined);
    dataKey = await requireKey();
  }
  const to =
    req.to === 'passphrase'
      ? (assertPassphrase(req.newPassphrase), { mode: 'passphrase' as const, passphrase: req.newPassphrase })
      : { mode: 'device' as const, deviceKey: await loadOrCreateDeviceKey() };
  const next = await rewrap(crypto, header, dataKey, to, Date.now());
  await setLocal({ [HEADER]: next });
  await keepUnlocked(dataKey);
}

/** Records activity; the auto-lock alarm fires `autoLockMinutes` after the last one. */
export async function touch(): Promise<void> {
  const header = await readHeader();
  if (header?.mode !== 'passphrase') return;
  const now = Date.now();
  const { autoLockMinutes } = await getSettings();
  await setSession({ [SESSION_ACTIVITY]: now });
  await chrome.alarms.create(AUTOLOCK_ALARM, { when: now + autoLockMinutes * 60_000 });
}

export async function onAutoLockAlarm(): Promise<void> {
  const last = (await getSession<number>(SESSION_ACTIVITY)) ?? 0;
  const { autoLockMinutes } = await getSettings();
  const due = last + autoLockMinutes * 60_000;
  if (Date.now() >= due - 1000) await lock();
  else await chrome.alarms.create(AUTOLOCK_ALARM, { when: due });
}

// ---- records ----

export async function putSecret(id: string, value: Record<string, unknown>): Promise<void> {
  const key = await requireKey();
  const envelope = await sealRecord(crypto, key, id, { ...value, updatedAt: Date.now() });
  await setLocal({ [REC + id]: envelope });
}

/** Writes several records in one storage call: all land or none does. */
export async function putSecrets(entries: [string, Record<string, unknown>][]): Promise<void> {
  const key = await requireKey();
  const items: Record<string, unknown> = {};
  const now = Date.now();
  for (const [id, value] of entries) items[REC + id] = await sealRecord(crypto, key, id, { ...value, updatedAt: now });
  await setLocal(items);
}

export async function getSecret<T>(id: string): Promise<T | null> {
  const key = await requireKey();
  const envelope = await getLocal<unknown>(REC + id);
  if (envelope === undefined) return null;
  return (await openRecord(crypto, key, id, envelope)) as T;
}

export async function deleteSecrets(ids: string[]): Promise<void> {
  await removeLocal(ids.map((id) => REC + id));
}

export async function allSecrets(): Promise<Record<string, unknown>> {
  const key = await requireKey();
  const all = await allLocal();
  const entries: [string, unknown][] = [];
  for (const [k, v] of Object.entries(all)) {
    if (!k.startsWith(REC)) continue;
    const id = k.slice(REC.length);
    entries.push([id, await openRecord(crypto, key, id, v)]);
  }
  // fromEntries defines own properties, so even an id like `__proto__` stays a plain entry.
  return Object.fromEntries(entries);
}

/**
 * Every record that opens, and the ids of those that do not (damaged or tampered): a backup can
 * still be exported, and an import can replace the damaged ones.
 */
export async function readableSecrets(): Promise<{ records: Record<string, unknown>; broken: string[] }> {
  const key = await requireKey();
  const all = await allLocal();
  const entries: [string, unknown][] = [];
  const broken: string[] = [];
  for (const [k, v] of Object.entries(all)) {
    if (!k.startsWith(REC)) continue;
    const id = k.slice(REC.length);
    try {
      entries.push([id, await openRecord(crypto, key, id, v)]);
    } catch (e) {
      if (!(e instanceof VaultError)) throw e;
      broken.push(id);
    }
  }
  return { records: Object.fromEntries(entries), broken };
}
