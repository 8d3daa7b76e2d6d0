/**
 * Unlock attempt throttling, as a pure reducer the glue persists (e.g. in the extension's local storage).
 *
 * The first `FREE_FAILURES` failures cost nothing; after that each failure doubles the wait,
 * from 1 s up to 60 s. A success resets the state. This is a speed bump for guessing through the
 * UI; the real cost for an attacker holding the header is the PBKDF2 work factor.
 * If the clock moves backwards past the last failure, the wait is lifted rather than stretched.
 * Every function accepts `null`/`undefined` for "no state stored yet".
 */
export const FREE_FAILURES = 3;
export const BASE_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 60_000;

export interface ThrottleState {
  /** Consecutive failed attempts since the last success. */
  failures: number;
  /** Time (ms) of the last failure, or `null` if none. */
  lastFailureAt: number | null;
  /** Earliest time (ms) of the next allowed attempt, or `null` when there is no wait. For display. */
  nextAttemptAt: number | null;
}

/** Wait (ms) required after `failures` consecutive failures: 0, 0, 0, then 1 s, 2 s, 4 s … capped at 60 s. */
export function nextAttemptDelay(failures: number): number {
  if (!Number.isFinite(failures) || failures <= FREE_FAILURES) return 0;
  const exponent = Math.floor(failures) - FREE_FAILURES - 1;
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** exponent);
}

export function initialThrottleState(): ThrottleState {
  return { failures: 0, lastFailureAt: null, nextAttemptAt: null };
}

/** Reads a persisted state; anything malformed becomes the initial state. */
export function parseThrottleState(x: unknown): ThrottleState {
  if (typeof x !== 'object' || x === null) return initialThrottleState();
  const { failures, lastFailureAt } = x as { failures?: unknown; lastFailureAt?: unknown };
  if (typeof failures !== 'number' || !Number.isSafeInteger(failures) || failures <= 0) return initialThrottleState();
  if (typeof lastFailureAt !== 'number' || !Number.isFinite(lastFailureAt)) return initialThrottleState();
  return withNext(failures, lastFailureAt);
}

function withNext(failures: number, lastFailureAt: number): ThrottleState {
  const delay = nextAttemptDelay(failures);
  return { failures, lastFailureAt, nextAttemptAt: delay > 0 ? lastFailureAt + delay : null };
}

export function recordFailure(state: ThrottleState | null | undefined, now: number): ThrottleState {
  return withNext((state?.failures ?? 0) + 1, now);
}

export function recordSuccess(): ThrottleState {
  return initialThrottleState();
}

/** Milliseconds until the next attempt is allowed (0 = now). */
export function msUntilNextAttempt(state: ThrottleState | null | undefined, now: number): number {
  if (!state || state.lastFailureAt === null) return 0;
  const elapsed = now - state.lastFailureAt;
  if (elapsed < 0) return 0;
  return Math.max(0, nextAttemptDelay(state.failures) - elapsed);
}

export function canAttempt(state: ThrottleState | null | undefined, now: number): boolean {
  return msUntilNextAttempt(state, now) === 0;
}

/** Where a `PassphraseGate` keeps its state (the glue: the extension's local storage). */
export interface ThrottleStore {
  load(): Promise<unknown>;
  save(state: ThrottleState | null): Promise<void>;
}

/** The outcome of one guarded attempt. */
export type GateResult<T> = { ok: true; value: T } | { ok: false; reason: 'throttled'; retryAt: number } | { ok: false; reason: 'wrong' };

/**
 * One throttle for every passphrase check (unlock, change of protection, re-asking before a
 * security-relevant change). Attempts run one at a time, and each is counted as a failure
 * *before* the key derivation starts: concurrent or interrupted attempts can never leave a stale,
 * lower count behind. A right passphrase clears the count; a wrong one keeps it, stamped with the
 * time the check ended.
 *
 * `attempt` returns the value on success, `null` for a wrong passphrase, and throws for anything
 * else (a corrupt header, say), which keeps the attempt counted.
 */
export class PassphraseGate {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: ThrottleStore,
    private readonly clock: () => number,
  ) {}

  run<T>(attempt: () => Promise<T | null>): Promise<GateResult<T>> {
    const next = this.tail.then(() => this.once(attempt));
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async once<T>(attempt: () => Promise<T | null>): Promise<GateResult<T>> {
    const raw = await this.store.load();
    const before = raw === undefined || raw === null ? null : parseThrottleState(raw);
    const now = this.clock();
    if (before && !canAttempt(before, now)) {
      return { ok: false, reason: 'throttled', retryAt: now + msUntilNextAttempt(before, now) };
    }
    const counted = recordFailure(before, now);
    await this.store.save(counted);
    const value = await attempt();
    if (value === null) {
      await this.store.save(recordFailure(before, this.clock()));
      return { ok: false, reason: 'wrong' };
    }
    await this.store.save(null);
    return { ok: true, value };
  }
}
