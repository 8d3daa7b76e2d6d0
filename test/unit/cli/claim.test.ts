/**
 * How --threads workers claim segments (parallel.ts claimBlocking): in file order from a shared
 * counter, never more than `maxAhead` beyond those merged: a claim that would be waits until the
 * main thread merges one, and gives up once the scan is stopped.
 */
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { claimBlocking } from '../../../src/cli/parallel';

const EMITTED = 1;
const STOP = 2;
let helper: Worker | null = null;

/** After a short delay, another thread stores `value` in cell `cell` and wakes the waiters. */
function later(control: Int32Array, cell: number, value: number): void {
  helper = new Worker(
    `const { workerData } = require('node:worker_threads');
     const c = new Int32Array(workerData.buffer);
     setTimeout(() => { Atomics.store(c, workerData.cell, workerData.value); Atomics.notify(c, ${EMITTED}); }, 50);`,
    { eval: true, workerData: { buffer: control.buffer, cell, value } },
  );
}

afterEach(async () => {
  await helper?.terminate();
  helper = null;
});

describe('claiming a segment', () => {
  it('hands out segments in order, then waits for a merge before going too far ahead', () => {
    const control = new Int32Array(new SharedArrayBuffer(3 * 4));
    expect(claimBlocking(control, 10, 2)).toBe(0);
    expect(claimBlocking(control, 10, 2)).toBe(1);
    later(control, EMITTED, 1);
    // Segment 2 is two beyond the none merged so far: the claim returns only after the merge.
    expect(claimBlocking(control, 10, 2)).toBe(2);
    expect(Atomics.load(control, EMITTED)).toBe(1);
  });
  it('gives up when the scan stops while it waits, and when no segment is left', () => {
    const control = new Int32Array(new SharedArrayBuffer(3 * 4));
    expect(claimBlocking(control, 3, 1)).toBe(0);
    later(control, STOP, 1);
    expect(claimBlocking(control, 3, 1)).toBe(3);
    expect(Atomics.load(control, STOP)).toBe(1);
    const fresh = new Int32Array(new SharedArrayBuffer(3 * 4));
    Atomics.store(fresh, EMITTED, 5);
    expect([claimBlocking(fresh, 2, 4), claimBlocking(fresh, 2, 4), claimBlocking(fresh, 2, 4)]).toEqual([0, 1, 2]);
  });
});
