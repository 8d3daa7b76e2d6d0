/**
 * Encrypted backup file: a self-contained JSON object the user can save and import elsewhere.
 *
 * ```
 * {format: 'mp-credential-hygiene-backup', v: 1,
 *  kdf: {name: 'PBKDF2', hash: 'SHA-256', iterations, salt},   // fresh salt per file
 *  wrapped: <envelope of a fresh random backup key, AAD 'mpch:backup-key:v1'>,
 *  manifest: <envelope of {createdAt, ids}, AAD 'mpch:backup-manifest:v1'>,
 *  records: {id: <envelope, AAD 'mpch:record:v1:' + id>},
 *  createdAt}
 * ```
 * The backup key is random per file and wrapped by a key derived from the backup passphrase with
 * the same PBKDF2 policy as the vault. Records are sealed exactly like vault records, with the
 * backup key. The manifest authenticates the set of ids and `createdAt`, so records dropped from,
 * added to or swapped between files are detected, not silently imported.
 */
import {
  decodeEnvelope,
  decryptEnvelope,
  type DecodedEnvelope,
  type Envelope,
  encryptToEnvelope,
  hasExactKeys,
  isPlainObject,
  KEY_BYTES,
  unwrapKeyFromEnvelope,
  utf8,
  wrapKeyToEnvelope,
} from './envelope';
import { VaultError, isAuthFailure } from './errors';
import { DEFAULT_KDF_ITERATIONS, decodeKdfParams, deriveWrappingKey, type KdfParams, newKdfParams } from './kdf';
import { generateDataKey } from './keys';
import { checkPassphrase } from './passphrase';
import { openDecoded, sealRecord } from './records';

export const BACKUP_FORMAT = 'mp-credential-hygiene-backup';
export const BACKUP_VERSION = 1;
const BACKUP_KEY_AAD = 'mpch:backup-key:v1';
const MANIFEST_AAD = 'mpch:backup-manifest:v1';

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  v: 1;
  kdf: KdfParams;
  wrapped: Envelope;
  manifest: Envelope;
  records: Record<string, Envelope>;
  createdAt: number;
}

export interface BackupOptions {
  /** PBKDF2 iterations; default `DEFAULT_KDF_ITERATIONS` (tests pass fewer). */
  iterations?: number;
}

const FILE_KEYS = ['createdAt', 'format', 'kdf', 'manifest', 'records', 'v', 'wrapped'];

function sortedIds(ids: readonly string[]): string[] {
  return [...ids].sort();
}

/**
 * Encrypts `records` (plain id → JSON value) into a backup file protected by `passphrase`.
 * Throws `VaultError('weak_passphrase')` when the passphrase fails `checkPassphrase`,
 * `TypeError` for an empty id or a value JSON cannot encode, `RangeError` for bad iterations / `now`.
 */
export async function exportBackup(
  crypto: Crypto,
  records: Record<string, unknown>,
  passphrase: string,
  now: number,
  opts: BackupOptions = {},
): Promise<BackupFile> {
  if (typeof now !== 'number' || !Number.isFinite(now) || now < 0) throw new RangeError('invalid now');
  if (checkPassphrase(passphrase) !== 'ok') throw new VaultError('weak_passphrase');
  if (typeof records !== 'object' || records === null || Array.isArray(records)) {
    throw new TypeError('records must be an object of id to value');
  }
  const kdf = newKdfParams(crypto, opts.iterations ?? DEFAULT_KDF_ITERATIONS);
  const salt = decodeKdfParams(kdf)!.salt;
  const kek = await deriveWrappingKey(crypto, passphrase, kdf.iterations, salt);
  const backupKey = await generateDataKey(crypto);
  const wrapped = await wrapKeyToEnvelope(crypto, kek, backupKey, utf8(BACKUP_KEY_AAD));
  const entries = Object.entries(records);
  const sealed: [string, Envelope][] = [];
  for (const [id, value] of entries) sealed.push([id, await sealRecord(crypto, backupKey, id, value)]);
  const manifestPlain = utf8(JSON.stringify({ createdAt: now, ids: sortedIds(entries.map(([id]) => id)) }));
  const manifest = await encryptToEnvelope(crypto, backupKey, manifestPlain, utf8(MANIFEST_AAD));
  return {
    format: BACKUP_FORMAT,
    v: BACKUP_VERSION,
    kdf,
    wrapped,
    manifest,
    records: Object.fromEntries(sealed),
    createdAt: now,
  };
}

interface DecodedBackup {
  iterations: number;
  salt: Uint8Array<ArrayBuffer>;
  wrapped: DecodedEnvelope;
  manifest: DecodedEnvelope;
  records: [string, DecodedEnvelope][];
  createdAt: number;
}

function decodeBackup(file: unknown): DecodedBackup | null {
  let x = file;
  if (typeof x === 'string') {
    try {
      x = JSON.parse(x) as unknown;
    } catch {
      return null;
    }
  }
  if (!isPlainObject(x) || !hasExactKeys(x, FILE_KEYS)) return null;
  if (x.format !== BACKUP_FORMAT || x.v !== BACKUP_VERSION) return null;
  const createdAt = x.createdAt;
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt) || createdAt < 0) return null;
  const kdf = decodeKdfParams(x.kdf);
  const wrapped = decodeEnvelope(x.wrapped, { exactPlaintext: KEY_BYTES });
  const manifest = decodeEnvelope(x.manifest);
  if (kdf === null || wrapped === null || manifest === null || !isPlainObject(x.records)) return null;
  const records: [string, DecodedEnvelope][] = [];
  for (const [id, env] of Object.entries(x.records)) {
    const decoded = decodeEnvelope(env);
    if (id.length === 0 || decoded === null) return null;
    records.push([id, decoded]);
  }
  return { iterations: kdf.params.iterations, salt: kdf.salt, wrapped, manifest, records, createdAt };
}

function manifestMatches(value: unknown, createdAt: number, ids: readonly string[]): boolean {
  if (!isPlainObject(value) || !hasExactKeys(value, ['createdAt', 'ids'])) return false;
  if (value.createdAt !== createdAt || !Array.isArray(value.ids)) return false;
  const expected = sortedIds(ids);
  const got: unknown[] = value.ids;
  return got.length === expected.length && got.every((id, i) => id === expected[i]);
}

/**
 * Decrypts a backup file (the parsed object, or its JSON text) into id → value.
 * - `VaultError('backup_corrupt')`: not JSON, wrong shape or format tag, unknown version, bad base64url,
 *   KDF parameters out of bounds, or any record / the manifest failing authentication or not matching.
 *   All shape checks run before any key derivation.
 * - `VaultError('wrong_passphrase')`: the passphrase does not unwrap the backup key.
 * Nothing is returned unless every record opened, so a caller can merge all-or-nothing.
 */
export async function importBackup(crypto: Crypto, file: unknown, passphrase: string): Promise<Record<string, unknown>> {
  const b = decodeBackup(file);
  if (b === null) throw new VaultError('backup_corrupt');
  if (typeof passphrase !== 'string') throw new VaultError('wrong_passphrase');
  const kek = await deriveWrappingKey(crypto, passphrase, b.iterations, b.salt);
  let backupKey: CryptoKey;
  try {
    backupKey = await unwrapKeyFromEnvelope(crypto, kek, b.wrapped, utf8(BACKUP_KEY_AAD));
  } catch (e) {
    if (isAuthFailure(e)) throw new VaultError('wrong_passphrase');
    throw e;
  }
  let manifest: unknown;
  try {
    const plain = await decryptEnvelope(crypto, backupKey, b.manifest, utf8(MANIFEST_AAD));
    manifest = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain)) as unknown;
  } catch (e) {
    if (isAuthFailure(e) || e instanceof SyntaxError || e instanceof TypeError) throw new VaultError('backup_corrupt');
    throw e;
  }
  const ids = b.records.map(([id]) => id);
  if (!manifestMatches(manifest, b.createdAt, ids)) throw new VaultError('backup_corrupt');
  const out: [string, unknown][] = [];
  for (const [id, env] of b.records) {
    out.push([id, await openDecoded(crypto, backupKey, id, env, { auth: 'backup_corrupt', plaintext: 'backup_corrupt' })]);
  }
  return Object.fromEntries(out);
}
