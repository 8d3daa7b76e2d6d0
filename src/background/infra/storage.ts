/**
 * Typed access to chrome.storage. `local` holds only non-secret metadata and vault ciphertext;
 * `session` (TRUSTED_CONTEXTS: never exposed to content scripts, cleared when the browser
 * closes) holds in-flight state that must survive a service-worker restart.
 */

export async function getLocal<T>(key: string): Promise<T | undefined> {
  const got = await chrome.storage.local.get(key);
  return got[key] as T | undefined;
}
export async function setLocal(items: Record<string, unknown>): Promise<void> {
  await chrome.storage.local.set(items);
}
export async function removeLocal(keys: string | string[]): Promise<void> {
  await chrome.storage.local.remove(keys);
}
export async function allLocal(): Promise<Record<string, unknown>> {
  return chrome.storage.local.get(null);
}

export async function getSession<T>(key: string): Promise<T | undefined> {
  const got = await chrome.storage.session.get(key);
  return got[key] as T | undefined;
}
export async function setSession(items: Record<string, unknown>): Promise<void> {
  await chrome.storage.session.set(items);
}
export async function removeSession(keys: string | string[]): Promise<void> {
  await chrome.storage.session.remove(keys);
}
export async function allSession(): Promise<Record<string, unknown>> {
  return chrome.storage.session.get(null);
}

/** Content scripts must never read session storage. It is the default, but say it explicitly. */
export function restrictSessionStorage(): void {
  void chrome.storage.session.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
}
