import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64urlDecode,
  base64urlEncode,
  exportDataKey,
  generateDataKey,
  importDataKey,
  isEnvelope,
  openRecord,
  sealRecord,
  type Envelope,
} from '../../../src/core/vault';
import { c, expectVaultError, flipBit } from './helpers';

const SECRET = 'APP_USR-1234567890123456-031820-0123456789abcdef0123456789abcdef-241983636';

describe('records', () => {
  it('round-trips JSON values', async () => {
    const key = await generateDataKey(c);
    const values: unknown[] = [SECRET, 0, -1.5, true, null, [], [1, 'a', { b: null }], { accessToken: SECRET, nested: { n: 1, s: 'ñ€😀' } }];
    for (const [i, value] of values.entries()) {
      const env = await sealRecord(c, key, `rec-${i}`, value);
      expect(await openRecord(c, key, `rec-${i}`, env)).toEqual(value);
    }
  });

  it('round-trips arbitrary JSON (property)', async () => {
    const key = await generateDataKey(c);
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), fc.jsonValue(), async (id, value) => {
        const env = await sealRecord(c, key, id, value);
        expect(await openRecord(c, key, id, env)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 50 },
    );
  });

  it('produces the versioned envelope, JSON-serializable, with a fresh 12-byte IV each write', async () => {
    const key = await generateDataKey(c);
    const a = await sealRecord(c, key, 'id', SECRET);
    const b = await sealRecord(c, key, 'id', SECRET);
    expect(Object.keys(a).sort()).toEqual(['alg', 'ct', 'iv', 'v']);
    expect(a.v).toBe(1);
    expect(a.alg).toBe('A256GCM');
    expect(base64urlDecode(a.iv)).toHaveLength(12);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ct).not.toBe(b.ct);
    expect(isEnvelope(a)).toBe(true);
    const stored = JSON.parse(JSON.stringify(a)) as unknown;
    expect(await openRecord(c, key, 'id', stored)).toBe(SECRET);
  });

  it('holds no trace of the plaintext', async () => {
    const key = await generateDataKey(c);
    const text = JSON.stringify(await sealRecord(c, key, 'id', { token: SECRET }));
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(SECRET.slice(8, 24));
    expect(text).not.toContain(base64urlEncode(new TextEncoder().encode(SECRET)).slice(0, 16));
  });

  describe('tamper detection', () => {
    it('a flipped bit anywhere in the IV → tampered', async () => {
      const key = await generateDataKey(c);
      const env = await sealRecord(c, key, 'id', SECRET);
      for (let bit = 0; bit < 96; bit += 7) {
        await expectVaultError(openRecord(c, key, 'id', { ...env, iv: flipBit(env.iv, bit) }), 'tampered');
      }
    });

    it('a flipped bit in the ciphertext or the tag → tampered', async () => {
      const key = await generateDataKey(c);
      const env = await sealRecord(c, key, 'id', { token: SECRET });
      const bits = base64urlDecode(env.ct).length * 8;
      for (const bit of [0, 1, 8, 77, Math.floor(bits / 2), bits - 128, bits - 9, bits - 1]) {
        await expectVaultError(openRecord(c, key, 'id', { ...env, ct: flipBit(env.ct, bit) }), 'tampered');
      }
    });

    it('a record moved under another id → tampered', async () => {
      const key = await generateDataKey(c);
      const env = await sealRecord(c, key, 'account:1:access', SECRET);
      for (const other of ['account:2:access', 'account:1:refresh', 'account:1:access ', 'Account:1:access', 'account:1']) {
        await expectVaultError(openRecord(c, key, other, env), 'tampered');
      }
    });

    it('two records swapped → both tampered', async () => {
      const key = await generateDataKey(c);
      const a = await sealRecord(c, key, 'a', 'value-a');
      const b = await sealRecord(c, key, 'b', 'value-b');
      await expectVaultError(openRecord(c, key, 'a', b), 'tampered');
      await expectVaultError(openRecord(c, key, 'b', a), 'tampered');
    });

    it('a truncated ciphertext or another key → tampered', async () => {
      const key = await generateDataKey(c);
      const env = await sealRecord(c, key, 'id', SECRET);
      const ct = base64urlDecode(env.ct);
      await expectVaultError(openRecord(c, key, 'id', { ...env, ct: base64urlEncode(ct.slice(1)) }), 'tampered');
      await expectVaultError(openRecord(c, await generateDataKey(c), 'id', env), 'tampered');
    });
  });

  it('malformed envelopes → corrupt_record', async () => {
    const key = await generateDataKey(c);
    const env = await sealRecord(c, key, 'id', SECRET);
    const variants: unknown[] = [
      null,
      undefined,
      'string',
      [env],
      {},
      { ...env, v: 2 },
      { ...env, v: '1' },
      { ...env, alg: 'A128GCM' },
      { ...env, extra: 1 },
      { v: env.v, alg: env.alg, iv: env.iv },
      { ...env, iv: env.iv.slice(0, -2) }, // 10 bytes
      { ...env, iv: base64urlEncode(new Uint8Array(16)) },
      { ...env, iv: env.iv + '=' },
      { ...env, ct: env.ct.replace(/./, '+') },
      { ...env, ct: base64urlEncode(new Uint8Array(15)) },
      { ...env, ct: 12345 },
    ];
    for (const v of variants) await expectVaultError(openRecord(c, key, 'id', v), 'corrupt_record');
  });

  it('refuses values JSON cannot encode and empty ids, without echoing them', async () => {
    const key = await generateDataKey(c);
    const circular: Record<string, unknown> = { secret: SECRET };
    circular.self = circular;
    for (const v of [undefined, () => 1, Symbol('x'), 1n, circular]) {
      await expect(sealRecord(c, key, 'id', v)).rejects.toThrow(TypeError);
    }
    await expect(sealRecord(c, key, 'id', circular)).rejects.not.toThrow(SECRET);
    await expect(sealRecord(c, key, '', 1)).rejects.toThrow(TypeError);
    await expect(openRecord(c, key, '', await sealRecord(c, key, 'x', 1))).rejects.toThrow(TypeError);
  });

  describe('data key export for storage.session', () => {
    it('exports 32 raw bytes as base64url and re-imports a key that opens old records', async () => {
      const key = await generateDataKey(c);
      const env: Envelope = await sealRecord(c, key, 'id', SECRET);
      const b64 = await exportDataKey(c, key);
      expect(base64urlDecode(b64)).toHaveLength(32);
      const again = await importDataKey(c, b64);
      expect(await openRecord(c, again, 'id', env)).toBe(SECRET);
      expect(await exportDataKey(c, again)).toBe(b64);
    });

    it('an unusable saved key → locked', async () => {
      for (const bad of ['', 'not base64!', base64urlEncode(new Uint8Array(16)), base64urlEncode(new Uint8Array(33))]) {
        await expectVaultError(importDataKey(c, bad), 'locked');
      }
    });
  });
});
