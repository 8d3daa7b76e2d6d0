import { describe, expect, it } from 'vitest';
import {
  BACKUP_FORMAT,
  base64urlDecode,
  base64urlEncode,
  exportBackup,
  importBackup,
  mergeRecords,
  type BackupFile,
} from '../../../src/core/vault';
import { c, expectVaultError, FAST, flipBit, noCrypto, OTHER_PASS, PASS } from './helpers';

const T0 = 1_700_000_000_000;
const SECRET = 'APP_USR-1234567890123456-031820-0123456789abcdef0123456789abcdef-241983636';

const RECORDS: Record<string, unknown> = {
  'account:1': { accessToken: SECRET, refreshToken: 'TG-0123456789abcdef01234567-241983636', updatedAt: 10 },
  'app:42': { clientSecret: 'abcdefghijklmnopqrstuvwxyz012345', updatedAt: 20 },
  'note': 'ñandú 😀',
  'n': 7,
};

const opts = { iterations: FAST };
const clone = (f: BackupFile): BackupFile => JSON.parse(JSON.stringify(f)) as BackupFile;

describe('encrypted backup', () => {
  it('round-trips through JSON (object and text)', async () => {
    const file = await exportBackup(c, RECORDS, PASS, T0, opts);
    expect(file.format).toBe(BACKUP_FORMAT);
    expect(file.v).toBe(1);
    expect(file.createdAt).toBe(T0);
    expect(file.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: FAST });
    expect(base64urlDecode(file.kdf.salt).length).toBeGreaterThanOrEqual(16);
    expect(Object.keys(file.records).sort()).toEqual(Object.keys(RECORDS).sort());
    const text = JSON.stringify(file);
    expect(await importBackup(c, JSON.parse(text), PASS)).toEqual(RECORDS);
    expect(await importBackup(c, text, PASS)).toEqual(RECORDS);
  });

  it('holds no plaintext secret and no passphrase', async () => {
    const text = JSON.stringify(await exportBackup(c, RECORDS, PASS, T0, opts));
    for (const s of [SECRET, SECRET.slice(8, 24), 'abcdefghijklmnop', PASS, 'ñandú']) expect(text).not.toContain(s);
  });

  it('uses a fresh salt and key per file', async () => {
    const a = await exportBackup(c, RECORDS, PASS, T0, opts);
    const b = await exportBackup(c, RECORDS, PASS, T0, opts);
    expect(a.kdf.salt).not.toBe(b.kdf.salt);
    expect(a.wrapped.ct).not.toBe(b.wrapped.ct);
    // a record lifted from another file does not open here
    await expectVaultError(importBackup(c, { ...a, records: { ...a.records, 'n': b.records['n'] } }, PASS), 'backup_corrupt');
  });

  it('round-trips an empty vault and ids that are not identifiers', async () => {
    expect(await importBackup(c, await exportBackup(c, {}, PASS, T0, opts), PASS)).toEqual({});
    const odd = Object.fromEntries([['__proto__', { x: 1 }], ['constructor', 2], ['a b/c', 3]]);
    const back = await importBackup(c, clone(await exportBackup(c, odd, PASS, T0, opts)), PASS);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back).sort()).toEqual(['__proto__', 'a b/c', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(back, '__proto__')?.value).toEqual({ x: 1 });
  });

  it('a wrong passphrase → wrong_passphrase', async () => {
    const file = await exportBackup(c, RECORDS, PASS, T0, opts);
    await expectVaultError(importBackup(c, file, OTHER_PASS), 'wrong_passphrase');
    await expectVaultError(importBackup(c, file, ''), 'wrong_passphrase');
  });

  it('refuses a weak backup passphrase', async () => {
    await expectVaultError(exportBackup(c, RECORDS, 'short', T0, opts), 'weak_passphrase');
  });

  describe('corrupt files → backup_corrupt', () => {
    it('malformed shapes are rejected before any key derivation', async () => {
      const f = clone(await exportBackup(c, RECORDS, PASS, T0, opts));
      const text = JSON.stringify(f);
      const { records: _records, ...noRecords } = f;
      const variants: unknown[] = [
        null,
        42,
        [],
        '',
        'not json',
        text.slice(0, Math.floor(text.length / 2)), // truncated JSON text
        text.slice(0, -1),
        noRecords, // truncated object
        { ...f, format: 'some-other-backup' },
        { ...f, format: undefined },
        { ...f, v: 2 },
        { ...f, extra: 1 },
        { ...f, createdAt: 'today' },
        { ...f, kdf: { ...f.kdf, iterations: 1e12 } },
        { ...f, kdf: { ...f.kdf, hash: 'SHA-1' } },
        { ...f, kdf: { ...f.kdf, salt: 'AAAA' } },
        { ...f, kdf: { ...f.kdf, salt: f.kdf.salt + '=' } },
        { ...f, wrapped: { ...f.wrapped, ct: f.wrapped.ct.slice(0, 10) } },
        { ...f, wrapped: { ...f.wrapped, iv: '!!!!!!!!!!!!!!!!' } },
        { ...f, manifest: null },
        { ...f, records: [] },
        { ...f, records: { ...f.records, 'n': { ...f.records['n'], alg: 'none' } } },
        { ...f, records: { ...f.records, 'n': { ...f.records['n'], ct: '+++' } } },
        { ...f, records: { ...f.records, '': f.records['n'] } },
      ];
      for (const v of variants) {
        // noCrypto: any attempt to derive a key would throw a different error
        await expectVaultError(importBackup(noCrypto, v, PASS), 'backup_corrupt');
      }
    });

    it('a flipped byte in a record, the manifest or the header fields is detected', async () => {
      const f = clone(await exportBackup(c, RECORDS, PASS, T0, opts));
      const rec = f.records['account:1']!;
      const flipped: unknown[] = [
        { ...f, records: { ...f.records, 'account:1': { ...rec, ct: flipBit(rec.ct, 40) } } },
        { ...f, records: { ...f.records, 'account:1': { ...rec, iv: flipBit(rec.iv, 3) } } },
        { ...f, manifest: { ...f.manifest, ct: flipBit(f.manifest.ct, 9) } },
      ];
      for (const v of flipped) await expectVaultError(importBackup(c, v, PASS), 'backup_corrupt');
    });

    it('records dropped, added, swapped or renamed, or createdAt edited, are detected', async () => {
      const f = clone(await exportBackup(c, RECORDS, PASS, T0, opts));
      const { 'app:42': _dropped, ...fewer } = f.records;
      const variants: unknown[] = [
        { ...f, records: fewer },
        { ...f, records: { ...f.records, extra: f.records['n'] } },
        { ...f, records: { ...f.records, 'n': f.records['note'], 'note': f.records['n'] } },
        { ...f, records: { ...fewer, 'app:43': f.records['app:42'] } },
        { ...f, createdAt: T0 + 1 },
      ];
      for (const v of variants) await expectVaultError(importBackup(c, v, PASS), 'backup_corrupt');
    });

    it('a wrapped key of the right size but altered reads as a wrong passphrase (indistinguishable by design)', async () => {
      const f = clone(await exportBackup(c, RECORDS, PASS, T0, opts));
      await expectVaultError(importBackup(c, { ...f, wrapped: { ...f.wrapped, ct: flipBit(f.wrapped.ct, 1) } }, PASS), 'wrong_passphrase');
    });
  });

  it('imports into an existing vault with merge', async () => {
    const file = await exportBackup(c, RECORDS, PASS, T0, opts);
    const existing = { 'account:1': { accessToken: 'newer', updatedAt: 99 }, 'app:42': { clientSecret: 'older', updatedAt: 1 }, 'mine': 1 };
    const { merged, added, replaced, kept } = mergeRecords(existing, await importBackup(c, file, PASS));
    expect(added.sort()).toEqual(['n', 'note']);
    expect(replaced).toEqual(['app:42']);
    expect(kept).toEqual(['account:1']);
    expect(merged['account:1']).toEqual(existing['account:1']);
    expect(merged['app:42']).toEqual(RECORDS['app:42']);
    expect(merged['mine']).toBe(1);
  });

  it('base64url of the file is stable JSON (no Buffer needed)', async () => {
    const f = await exportBackup(c, { a: 1 }, PASS, T0, opts);
    expect(base64urlEncode(base64urlDecode(f.wrapped.ct))).toBe(f.wrapped.ct);
  });
});
