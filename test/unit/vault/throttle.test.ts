import { describe, expect, it } from 'vitest';
import {
  canAttempt,
  initialThrottleState,
  msUntilNextAttempt,
  nextAttemptDelay,
  parseThrottleState,
  recordFailure,
  recordSuccess,
  type ThrottleState,
} from '../../../src/core/vault';

const T0 = 1_700_000_000_000;

describe('attempt throttling', () => {
  it('is free for the first 3 failures, then doubles from 1 s, capped at 60 s', () => {
    const delays = Array.from({ length: 14 }, (_, i) => nextAttemptDelay(i));
    expect(delays).toEqual([0, 0, 0, 0, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000]);
    expect(nextAttemptDelay(1_000_000)).toBe(60_000);
    expect(nextAttemptDelay(-1)).toBe(0);
    expect(nextAttemptDelay(Number.NaN)).toBe(0);
  });

  it('lets the first attempts through and then makes the caller wait', () => {
    let s: ThrottleState = initialThrottleState();
    expect(canAttempt(s, T0)).toBe(true);
    for (let i = 0; i < 3; i++) {
      s = recordFailure(s, T0);
      expect(canAttempt(s, T0)).toBe(true);
    }
    s = recordFailure(s, T0); // 4th failure
    expect(s).toEqual({ failures: 4, lastFailureAt: T0, nextAttemptAt: T0 + 1_000 });
    expect(canAttempt(s, T0)).toBe(false);
    expect(msUntilNextAttempt(s, T0 + 400)).toBe(600);
    expect(canAttempt(s, T0 + 999)).toBe(false);
    expect(canAttempt(s, T0 + 1_000)).toBe(true);
    s = recordFailure(s, T0 + 1_000);
    expect(msUntilNextAttempt(s, T0 + 1_000)).toBe(2_000);
  });

  it('resets on success', () => {
    let s = initialThrottleState();
    for (let i = 0; i < 10; i++) s = recordFailure(s, T0);
    expect(canAttempt(s, T0 + 1)).toBe(false);
    s = recordSuccess();
    expect(canAttempt(s, T0 + 1)).toBe(true);
    expect(s.failures).toBe(0);
  });

  it('treats a missing state as fresh, and is a pure reducer', () => {
    expect(canAttempt(null, T0)).toBe(true);
    expect(canAttempt(undefined, T0)).toBe(true);
    expect(recordFailure(null, T0)).toEqual({ failures: 1, lastFailureAt: T0, nextAttemptAt: null });
    const s = recordFailure(undefined, T0);
    const copy = { ...s };
    recordFailure(s, T0 + 5);
    expect(s).toEqual(copy);
  });

  it('lifts the wait when the clock moves backwards instead of locking out', () => {
    let s = initialThrottleState();
    for (let i = 0; i < 8; i++) s = recordFailure(s, T0);
    expect(canAttempt(s, T0 + 10)).toBe(false);
    expect(canAttempt(s, T0 - 3_600_000)).toBe(true);
  });

  it('survives a storage round trip and rejects garbage', () => {
    let s = initialThrottleState();
    for (let i = 0; i < 5; i++) s = recordFailure(s, T0);
    expect(parseThrottleState(JSON.parse(JSON.stringify(s)))).toEqual(s);
    for (const bad of [null, 'x', {}, { failures: -1, lastFailureAt: T0 }, { failures: 2.5, lastFailureAt: T0 }, { failures: 2, lastFailureAt: 'now' }]) {
      expect(parseThrottleState(bad)).toEqual(initialThrottleState());
    }
  });
});
