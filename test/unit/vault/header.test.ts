import { describe, expect, it } from 'vitest';
import {
  base64urlDecode,
  base64urlEncode,
  createVault,
  DEFAULT_KDF_ITERATIONS,
  generateDeviceKey,
  headerNeedsUpgrade,
  openRecord,
  parseVaultHeader,
  rewrap,
  sealRecord,
  unlockWithDeviceKey,
  unlockWithPassphrase,
  upgradeKdf,
  VaultError,
  type Envelope,
  type PassphraseHeader,
  type VaultHeader,
} from '../../../src/core/vault';
import { c, expectVaultError, FAST, flipBit, noCrypto, OTHER_PASS, PASS } from './helpers';

const T0 = 1_700_000_000_000;
const T1 = T0 + 86_400_000;

async function sealSome(key: CryptoKey, n = 5): Promise<Record<string, Envelope>> {
  const out: Record<string, Envelope> = {};
  for (let i = 0; i < n; i++) out[`rec-${i}`] = await sealRecord(c, key, `rec-${i}`, { secret: `s3cret-${i}`, i });
  return out;
}

async function expectAllOpen(key: CryptoKey, records: Record<string, Envelope>): Promise<void> {
  for (const [id, env] of Object.entries(records)) {
    expect(await openRecord(c, key, id, env)).toEqual({ secret: `s3cret-${id.slice(4)}`, i: Number(id.slice(4)) });
  }
}

/** Storage round trip, as the glue will do it. */
const stored = (h: VaultHeader): unknown => JSON.parse(JSON.stringify(h));

function asPassphrase(h: VaultHeader): PassphraseHeader {
  if (h.mode !== 'passphrase') throw new Error('expected a passphrase header');
  return h;
}

describe('passphrase vault', () => {
  it('creates a header with the KDF parameters, a 16-byte salt and a wrapped 32-byte key', async () => {
    const { header } = await createVault(c, { mode: 'passphrase', passphrase: PASS, iterations: FAST }, T0);
    const h = asPassphrase(header);
    expect(Object.keys(h).sort()).toEqual(['createdAt', 'kdf', 'mode', 'updatedAt', 'v', 'wrapped']);
    expect(h.v).toBe(1);
    expect(h.kdf).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: FAST });
    expect(base64urlDecode(h.kdf.salt)).toHaveLength(16);
    expect(base64urlDecode(h.wrapped.ct)).toHaveLength(48);
    expect(h.createdAt).toBe(T0);
    expect(h.updatedAt).toBe(T0);
    expect(JSON.stringify(h)).not.toContain(PASS);
    expect(parseVaultHeader(stored(h))).toEqual(h);
  });

  it('uses a fresh salt and a fresh data key per vault', async () => {
    const a = await createVault(c, { mode: 'passphrase', passphrase: PASS, iterations: FAST }, T0);
    const b = await createVault(c, { mode: 'passphrase', passphrase: PASS, iterations: FAST }, T0);
    expect(asPassphrase(a.header).kdf.salt).not.toBe(asPassphrase(b.header).kdf.salt);
    const env = await sealRecord(c, a.dataKey, 'x', 1);
    await expectVaultError(openRecord(c, b.dataKey, 'x', env), 'tampered');
  });

  it('unlocks with the right passphrase to the same data key', async () => {
    const { header, dataKey } = await createVault(c, { mode: 'passphrase', passphrase: PASS, iterations: FAST }, T0);
    const records = await sealSome(dataKey);
    const { dataKey: unlocked } = await unlockWithPassphrase(c, stored(header), PASS, { minIterations: FAST });
    await expectAllOpen(unlocked, records);
  });

  it('a wrong passphrase → wrong_passphrase, with no secret in the error', async () => {
    const { header } = await createVault(c, { mode: 'passphrase', passphrase: PASS, iterations: FAST }, T0);
    for (const wrong of ['correct horse battery ', 'Correct horse battery', '', 'x'.repeat(100)]) {
      const e = await expectVaultError(unlockWithPassphrase(c, header, wrong), 'wrong_passphrase');
      expect(e.message).not.toContain(wrong || PASS);
      expect(e.message).not.toContain(PASS);
    }
  });

  it('treats canonically equivalent Unicode passphrases as the same (NFC)', async () => {
    const composed = 'caf\u00e9 con leche';
    const decomposed = 'cafe\u0301 con leche';
    const { header } = await createVault(c, { mode: 'passphrase', passphrase: composed, iterations: FAST }, T0);
    await expect(unlockWithPassphrase(c, header, decomposed)).resolves.toHaveProperty('dataKey');
  });

  it('refuses a weak passphrase on create and on rewrap', async () => {
    await expectVaultError(createVault(c, { mode: 'passphrase', passphrase: 'short', iterations: FAST }, T0), 'weak_passphrase');
    const { header, dataKey } = await createVault(c, { mode: 'passphrase', passphrase: PASS, iterations: FAST }, T0);
    await expectVaultError(rewrap(c, header, dataKey, { mode: 'passphrase', passphrase: '1234567', iterations: FAST }, T1), 'weak_passphrase');
  });

  it('the default KDF policy is PBKDF2-SHA256 with at least 600,000 iterations', async () => {
    expect(DEFAULT_KDF_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    const { header } = await createVault(c, { mode: 'passphrase', passphrase: PASS }, T0); // one real derivation
    expect(asPassphrase(header).kdf.iterations).toBe(DEFAULT_KDF_ITERATIONS);
    expect(headerNeedsUpgrade(header)).toBe(false);
  });

  it('a passphrase header given to the device unlock (and the reverse) → wrong_mode', async () => {
    const pass = await createVault(c, { mode: 'passphrase', passphrase: PASS, iterations: FAST }, T0);
    const device = await createVault(c, { mode: 'device', deviceKey: await generateDeviceKey(c) }, T0);
    await expectVaultError(unlockWithDeviceKey(c, pass.header, await generateDeviceKey(c)), 'wrong_mode');
    await expectVaultError(unlockWithPassphrase(c, device.header, PASS), 'wrong_mode');
    await expectVaultError(upgradeKdf(c, device.header, device.dataKey, PASS, T1), 'wrong_mode');
  });
});

describe('KDF upgrade on unlock', () => {
  it('an old vault reports needsUpgrade, upgrades to the current parameters, and still opens every record', async () => {
    const { header, dataKey } = await createVault(c, { mode: 'passphrase', passphrase: PASS, iterations: FAST }, T0);
    const records = await sealSome(dataKey);
    const policy = { minIterations: 5_000 };

    const first = await unlockWithPassphrase(c, stored(header), PASS, policy);
    expect(first.needsUpgrade).toBe(true);
    // and with the real policy too
    expect((await unlockWithPassphrase(c, header, PASS)).needsUpgrade).toBe(true);

    const upgraded = asPassphrase(await upgradeKdf(c, header, first.dataKey, PASS, T1, { iterations: policy.minIterations }));
    expect(upgraded.kdf.iterations).toBe(5_000);
    expect(upgraded.kdf.salt).not.toBe(asPassphrase(header).kdf.salt);
    expect(upgraded.createdAt).toBe(T0);
    expect(upgraded.updatedAt).toBe(T1);

    const second = await unlockWithPassphrase(c, stored(upgraded), PASS, policy);
    expect(second.needsUpgrade).toBe(false);
    await expectAllOpen(second.dataKey, records);
    await expectVaultError(unlockWithPassphrase(c, upgraded, OTHER_PASS, policy), 'wrong_passphrase');
  });

  it('never lowers the stored iteration count', async () => {
    const { header, dataKey } = await createVault(c, { mode: 'passphrase', passphrase: PASS, iterations: 3_000 }, T0);
    const h = asPassphrase(await upgradeKdf(c, header, dataKey, PASS, T1, { iterations: 2_000 }));
    expect(h.kdf.iterations).toBe(3_000);
  });

  it('headerNeedsUpgrade compares against the policy minimum', async () => {
    const { header } = await createVault(c, { mode: 'passphrase', passphrase: PASS, iterations: FAST }, T0);
    expect(headerNeedsUpgrade(header)).toBe(true);
    expect(headerNeedsUpgrade(header, { minIterations: FAST })).toBe(false);
    const device = await createVault(c, { mode: 'device', deviceKey: await generateDeviceKey(c) }, T0);
    expect(headerNeedsUpgrade(device.header)).toBe(false);
  });
});

describe('passphrase change (re-wrap only)', () => {
  it('keeps every record sealed before the change readable, and retires the old passphrase', async () => {
    const { header, dataKey } = await createVault(c, { mode: 'passphrase', passphrase: PASS, iterations: FAST }, T0);
    const records = await sealSome(dataKey, 8);
    const next = asPassphrase(await rewrap(c, header, dataKey, { mode: 'passphrase', passphrase: OTHER_PASS, iterations: FAST }, T1));
    expect(next.kdf.salt).not.toBe(asPassphrase(header).kdf.salt);
    expect(next.createdAt).toBe(T0);
    expect(next.updatedAt).toBe(T1);
    await expectVaultError(unlockWithPassphrase(c, next, PASS), 'wrong_passphrase');
    const { dataKey: unlocked } = await unlockWithPassphrase(c, stored(next), OTHER_PASS);
    await expectAllOpen(unlocked, records);
  });
});

describe('device-protected vault', () => {
  it('the device key is non-extractable', async () => {
    const deviceKey = await generateDeviceKey(c);
    expect(deviceKey.extractable).toBe(false);
    expect(deviceKey.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    await expect(c.subtle.exportKey('raw', deviceKey)).rejects.toThrow();
  });

  it('unlocks with its device key, not with another one', async () => {
    const deviceKey = await generateDeviceKey(c);
    const { header, dataKey } = await createVault(c, { mode: 'device', deviceKey }, T0);
    expect(Object.keys(header).sort()).toEqual(['createdAt', 'mode', 'updatedAt', 'v', 'wrapped']);
    const records = await sealSome(dataKey);
    const unlocked = await unlockWithDeviceKey(c, stored(header), deviceKey);
    expect(unlocked.needsUpgrade).toBe(false);
    await expectAllOpen(unlocked.dataKey, records);
    await expectVaultError(unlockWithDeviceKey(c, header, await generateDeviceKey(c)), 'wrong_device_key');
  });

  it('migrates device → passphrase → device with every record readable', async () => {
    const deviceKey = await generateDeviceKey(c);
    const { header, dataKey } = await createVault(c, { mode: 'device', deviceKey }, T0);
    const records = await sealSome(dataKey);

    const withPass = await rewrap(c, header, dataKey, { mode: 'passphrase', passphrase: PASS, iterations: FAST }, T1);
    expect(withPass.mode).toBe('passphrase');
    expect(withPass.createdAt).toBe(T0);
    await expectVaultError(unlockWithDeviceKey(c, withPass, deviceKey), 'wrong_mode');
    const a = await unlockWithPassphrase(c, stored(withPass), PASS);
    await expectAllOpen(a.dataKey, records);

    const newDeviceKey = await generateDeviceKey(c);
    const backToDevice = await rewrap(c, withPass, a.dataKey, { mode: 'device', deviceKey: newDeviceKey }, T1 + 1);
    expect(backToDevice.mode).toBe('device');
    expect('kdf' in backToDevice).toBe(false);
    await expectVaultError(unlockWithPassphrase(c, backToDevice, PASS), 'wrong_mode');
    const b = await unlockWithDeviceKey(c, stored(backToDevice), newDeviceKey);
    await expectAllOpen(b.dataKey, records);
  });
});

describe('header validation (strict, before any crypto)', () => {
  it('rejects malformed headers with corrupt_header without touching crypto', async () => {
    const { header } = await createVault(c, { mode: 'passphrase', passphrase: PASS, iterations: FAST }, T0);
    const h = asPassphrase(header);
    const wrappedShort: Envelope = { ...h.wrapped, ct: base64urlEncode(base64urlDecode(h.wrapped.ct).slice(0, 32)) };
    const variants: unknown[] = [
      null,
      'header',
      [],
      {},
      { ...h, v: 2 },
      { ...h, mode: 'none' },
      { ...h, extra: true },
      { ...h, kdf: undefined },
      { ...h, createdAt: 'yesterday' },
      { ...h, updatedAt: -1 },
      { ...h, updatedAt: Number.NaN },
      { ...h, wrapped: { ...h.wrapped, v: 2 } },
      { ...h, wrapped: { ...h.wrapped, alg: 'A128GCM' } },
      { ...h, wrapped: wrappedShort },
      { ...h, wrapped: 'abc' },
      { ...h, kdf: { ...h.kdf, name: 'scrypt' } },
      { ...h, kdf: { ...h.kdf, hash: 'SHA-1' } },
      { ...h, kdf: { ...h.kdf, iterations: 0 } },
      { ...h, kdf: { ...h.kdf, iterations: 1.5 } },
      { ...h, kdf: { ...h.kdf, iterations: '1000' } },
      { ...h, kdf: { ...h.kdf, iterations: 1e12 } },
      { ...h, kdf: { ...h.kdf, salt: base64urlEncode(new Uint8Array(8)) } },
      { ...h, kdf: { ...h.kdf, salt: 'not base64!' } },
      { ...h, kdf: { ...h.kdf, extra: 1 } },
      { v: 1, mode: 'device', kdf: h.kdf, wrapped: h.wrapped, createdAt: T0, updatedAt: T0 },
      { v: 1, mode: 'passphrase', wrapped: h.wrapped, createdAt: T0, updatedAt: T0 },
    ];
    for (const v of variants) {
      expect(() => parseVaultHeader(v)).toThrow(VaultError);
      await expectVaultError(unlockWithPassphrase(noCrypto, v, PASS), 'corrupt_header');
      await expectVaultError(unlockWithDeviceKey(noCrypto, v, {} as CryptoKey), 'corrupt_header');
    }
    await expectVaultError(rewrap(noCrypto, { ...h, v: 2 }, {} as CryptoKey, { mode: 'passphrase', passphrase: PASS }, T1), 'corrupt_header');
  });

  it('a well-formed header whose wrapped key was altered → wrong_passphrase (never a bogus key)', async () => {
    const { header } = await createVault(c, { mode: 'passphrase', passphrase: PASS, iterations: FAST }, T0);
    const h = asPassphrase(header);
    await expectVaultError(unlockWithPassphrase(c, { ...h, wrapped: { ...h.wrapped, ct: flipBit(h.wrapped.ct, 5) } }, PASS), 'wrong_passphrase');
    await expectVaultError(unlockWithPassphrase(c, { ...h, kdf: { ...h.kdf, iterations: FAST + 1 } }, PASS), 'wrong_passphrase');
  });
});
