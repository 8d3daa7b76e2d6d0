/**
 * The non-extractable device key for "device-protected" vaults, kept in the extension's
 * IndexedDB (CryptoKey objects are structured-clonable, and a non-extractable one cannot be
 * exported by script). It stops casual reads of storage.local; it does not stop someone who
 * copies the whole browser profile.
 */
import { generateDeviceKey } from '../../core/vault';

const DB = 'mp-hygiene';
const STORE = 'keys';
const ID = 'device';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function tx<T>(db: IDBDatabase, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const req = fn(t.objectStore(STORE));
    t.oncomplete = () => resolve(req.result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

export async function loadDeviceKey(): Promise<CryptoKey | null> {
  const db = await open();
  try {
    const key = await tx<unknown>(db, 'readonly', (s) => s.get(ID));
    return key instanceof CryptoKey ? key : null;
  } finally {
    db.close();
  }
}

export async function loadOrCreateDeviceKey(): Promise<CryptoKey> {
  const existing = await loadDeviceKey();
  if (existing) return existing;
  const key = await generateDeviceKey(crypto);
  const db = await open();
  try {
    await tx(db, 'readwrite', (s) => s.put(key, ID));
  } finally {
    db.close();
  }
  return key;
}
