import { describe, expect, it } from 'vitest';
import { PassphraseGate, parseThrottleState, type ThrottleState } from '../../../src/core/vault';

const T0 = 1_700_000_000_000;

function memoryStore() {
  let value: ThrottleState | null = null;
  const saves: (ThrottleState | null)[] = [];
  return {
    saves,
    get value() {
      return value;
    },
    store: {
      // A storage round trip between read and write, as chrome.storage has.
      load: async () => {
        await new Promise((r) => setTimeout(r, 1));
        return value;
      },
      save: async (s: ThrottleState | null) => {
        await new Promise((r) => setTimeout(r, 1));
        value = s;
        saves.push(s);
      },
    },
  };
}

/** A key derivation that takes a while and says whether the guess was right. */
function slowCheck(secret: string, derivations: { n: number }) {
  return (guess: string) => async () => {
    derivations.n++;
    await new Promise((r) => setTimeout(r, 5));
    return guess === secret ? 'key' : null;
  };
}

describe('PassphraseGate: one serialized throttle for every passphrase check', () => {
  it('40 wrong attempts sent at once: only the free ones derive a key, and the count is exact', async () => {
    const m = memoryStore();
    const gate = new PassphraseGate(m.store, () => T0);
    const derivations = { n: 0 };
    const check = slowCheck('right', derivations);
    const results = await Promise.all(Array.from({ length: 40 }, () => gate.run(check('wrong'))));
    // 3 free failures, the 4th runs too (its wait starts after it), everything after is refused.
    expect(derivations.n).toBe(4);
    expect(results.filter((r) => !r.ok && r.reason === 'wrong')).toHaveLength(4);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(36);
    expect(parseThrottleState(m.value).failures).toBe(4);
    // Even the right passphrase waits now.
    expect((await gate.run(check('right'))).ok).toBe(false);
  });

  it('counts the attempt before the derivation starts (an attempt cut off midway stays counted)', async () => {
    const m = memoryStore();
    const gate = new PassphraseGate(m.store, () => T0);
    let seenDuring: unknown = 'unset';
    await gate.run(async () => {
      seenDuring = m.value;
      return null;
    });
    expect(parseThrottleState(seenDuring).failures).toBe(1);
    await expect(
      gate.run(async () => {
        throw new Error('corrupt header');
      }),
    ).rejects.toThrow('corrupt header');
    expect(parseThrottleState(m.value).failures).toBe(2);
  });

  it('a right passphrase clears the count; the wait lifts with time', async () => {
    const m = memoryStore();
    let now = T0;
    const gate = new PassphraseGate(m.store, () => now);
    const derivations = { n: 0 };
    const check = slowCheck('right', derivations);
    for (let i = 0; i < 4; i++) await gate.run(check('wrong'));
    const refused = await gate.run(check('right'));
    expect(refused).toEqual({ ok: false, reason: 'throttled', retryAt: T0 + 1000 });
    now = T0 + 1000;
    expect(await gate.run(check('right'))).toEqual({ ok: true, value: 'key' });
    expect(m.value).toBe(null);
  });
});
