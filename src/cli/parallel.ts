/**
 * A large text file is scanned on several threads: it is cut at line ends into segments, which the
 * main thread and worker threads (the same built script, started as workers, with a small young
 * generation) claim in file order from a counter they share (Atomics), each as soon as it is free:
 * no thread waits for another to hand it work, so none idles at the end while another still holds
 * two segments. A segment's line numbers count from its own start and are made final when it is
 * merged (Output.merge), once the segments before it are done, so there is no pass over the file to
 * count lines first. Each segment's output is written in file order, so it is the same as a
 * sequential scan's. No segment more than two per thread ahead of the one being written is
 * claimed, which keeps memory bounded whatever the file size.
 */
import { open } from 'node:fs/promises';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { ScanOptions } from '../core/leaks/index';
import type { CliOptions } from './args';
import { InputError, type Source, errorCode, readFileChunks } from './inputs';
import { type Counts, type Limits, Output, type SarifItem, scanTextStream, textChunks } from './stream';
import type { IgnoreList } from './suppress';

/**
 * Files smaller than this are scanned on the main thread alone: a worker takes about 35 ms to
 * start and load the script, and its engine starts cold.
 */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;
const MIN_SEGMENT_BYTES = 2 * 1024 * 1024;
const MAX_SEGMENT_BYTES = 16 * 1024 * 1024;
/** Segments per thread a file is cut into, at most (smaller ones even out the threads' last ones). */
const SEGMENTS_PER_THREAD = 6;
/** Cells of the shared control array. */
const NEXT = 0; // the next segment to claim
const EMITTED = 1; // segments merged so far
const STOP = 2; // 1: claim nothing more
/** Most threads used, the main thread included. */
export const MAX_THREADS = 4;

/** A segment's encoded output without its line numbers, and where each goes (see Output.take). */
export interface SegmentOutput {
  /** The text, encoded (UTF-8), in order; a worker hands their memory over without a copy. */
  chunks: Uint8Array[];
  /** Flat pairs: the byte offset in the text where a line number goes, and that number. */
  marks: number[];
}

export interface SegmentResult {
  seq: number;
  /** Lines in the segment. */
  lines: number;
  bytes: number;
  /** Encoded output, line numbers counted from the segment's start (see Output.take). */
  output: SegmentOutput;
  counts: Counts;
  max: number;
  /** Line numbers counted from the segment's start. */
  sarif: SarifItem[];
  sarifDropped: number;
  error?: string;
}

interface Job {
  seq: number;
  start: number;
  end: number;
}

interface Shared {
  options: CliOptions;
  limits: Limits;
  ignore: { all: string[]; at: string[] } | null;
  baseline: string[] | null;
  src: Source;
  /** Segment boundaries (byte offsets: 0, the cuts, the size). */
  bounds: number[];
  /** Segments that may be claimed beyond those merged. */
  maxAhead: number;
  /** Int32Array over it: NEXT, EMITTED, STOP. */
  control: SharedArrayBuffer;
}

export interface ParallelContext {
  workerUrl: URL;
  threads: number;
  options: CliOptions;
  limits: Limits;
  ignore: IgnoreList | null;
  baseline: Set<string> | null;
  scanOptions: ScanOptions;
}

/**
 * Threads to scan a text file of `size` bytes on, the main thread included (1: the main thread
 * alone): what `--threads N` asks for, at most MAX_THREADS, for files of
 * PARALLEL_MIN_BYTES or more. By default 1: on the 2-core machine of the cli bench, two threads
 * made the realistic 50 MB log slower (0.35 vs 0.28 s) and the dense corpus faster (1.22 vs 1.37
 * s): the worker starts cold, and each thread's engine warms up while the other's does, on the
 * same cores (a thread's first segment takes two to four times as long as its later ones).
 */
export function threadsFor(size: number, requested: number | null): number {
  if (size < PARALLEL_MIN_BYTES || requested === null) return 1;
  return Math.max(1, Math.min(requested, MAX_THREADS));
}

/**
 * Segment boundaries: 0, a cut just after the first line end at or after each `segmentBytes`
 * step, then `size`. A few small reads at the steps, not a pass over the file.
 */
async function cutSegments(path: string, size: number, segmentBytes: number): Promise<number[]> {
  const bounds = [0];
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    let step = segmentBytes;
    while (step < size) {
      let cut = -1;
      for (let pos = step; pos < size && cut < 0; ) {
        const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos);
        if (bytesRead === 0) break;
        const nl = buf.subarray(0, bytesRead).indexOf(10);
        if (nl >= 0) cut = pos + nl + 1;
        else pos += bytesRead;
      }
      if (cut < 0 || cut >= size) break;
      bounds.push(cut);
      step = cut + segmentBytes;
    }
  } finally {
    await fh.close();
  }
  bounds.push(size);
  return bounds;
}

/** Segment `seq` of a file cut at `bounds`. */
function jobOf(bounds: readonly number[], seq: number): Job {
  return { seq, start: bounds[seq]!, end: bounds[seq + 1]! };
}

/** Scans bytes [start, end) of a file, which begin at a line start. */
async function scanSegment(shared: Shared, ignore: IgnoreList | null, baseline: Set<string> | null, job: Job, scanOptions: ScanOptions): Promise<SegmentResult> {
  const { seq, start, end } = job;
  const out = new Output(null, shared.options, shared.limits, ignore, baseline, true);
  out.startFile(shared.src);
  const counter = { bytes: 0 };
  try {
    const it = textChunks(readFileChunks(shared.src.path!, start, end), counter);
    const first = await it.next();
    const lines = first.done ? 0 : await scanTextStream(it, first.value, out, scanOptions);
    return { seq, lines, bytes: counter.bytes, output: out.take(), counts: out.counts, max: out.max, sarif: out.sarif, sarifDropped: out.sarifDropped };
  } catch (e) {
    return { seq, lines: 0, bytes: 0, output: { chunks: [], marks: [] }, counts: out.counts, max: -1, sarif: [], sarifDropped: 0, error: `cannot read ${shared.src.name}: ${errorCode(e)}` };
  }
}

function toLists(ignore: IgnoreList | null): Shared['ignore'] {
  return ignore === null ? null : { all: [...ignore.all], at: [...ignore.at] };
}

/**
 * Claims the next segment (its index; `n` or more when none is left), waiting while it would be
 * more than `maxAhead` segments beyond those merged. Worker threads only: Atomics.wait blocks.
 */
export function claimBlocking(control: Int32Array, n: number, maxAhead: number): number {
  const seq = Atomics.add(control, NEXT, 1);
  for (;;) {
    if (seq >= n || Atomics.load(control, STOP) === 1) return n;
    const emitted = Atomics.load(control, EMITTED);
    if (seq < emitted + maxAhead) return seq;
    // Woken when the main thread merges a segment; the timeout re-checks STOP.
    Atomics.wait(control, EMITTED, emitted, 200);
  }
}

/**
 * Scans a text file on `ctx.threads` threads (the main thread and `threads - 1` workers); findings
 * go to `out` in file order. Resolves to the bytes read.
 */
export async function scanFileParallel(src: Source, size: number, out: Output, ctx: ParallelContext): Promise<number> {
  const threads = Math.max(2, ctx.threads);
  const segmentBytes = Math.min(MAX_SEGMENT_BYTES, Math.max(MIN_SEGMENT_BYTES, Math.ceil(size / (SEGMENTS_PER_THREAD * threads))));
  const bounds = await cutSegments(src.path!, size, segmentBytes);
  const n = bounds.length - 1;
  const control = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  const maxAhead = 2 * threads;
  const shared: Shared = {
    options: ctx.options,
    limits: ctx.limits,
    ignore: toLists(ctx.ignore),
    baseline: ctx.baseline ? [...ctx.baseline] : null,
    src,
    bounds,
    maxAhead,
    control: control.buffer as SharedArrayBuffer,
  };
  const done = new Map<number, SegmentResult>();
  let emitted = 0;
  let linesBefore = 0;
  let bytes = 0;
  let failure: string | null = null;
  const pool: Worker[] = [];
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };

  /** Merges the segments that are next in file order; workers waiting to claim may go on. */
  const emit = (): void => {
    const before = emitted;
    for (let r = done.get(emitted); r !== undefined; r = done.get(emitted)) {
      done.delete(emitted);
      if (r.error !== undefined) failure ??= r.error;
      out.merge(r, linesBefore);
      linesBefore += r.lines;
      bytes += r.bytes;
      emitted++;
    }
    if (emitted !== before) {
      Atomics.store(control, EMITTED, emitted);
      Atomics.notify(control, EMITTED);
    }
  };

  const workers = Math.min(threads - 1, n - 1);
  for (let k = 0; k < workers; k++) {
    const w = new Worker(ctx.workerUrl, { workerData: shared, resourceLimits: { maxYoungGenerationSizeMb: 12 } });
    pool.push(w);
    w.on('message', (r: SegmentResult) => {
      done.set(r.seq, r);
      notify();
    });
    w.on('error', (e: Error) => {
      failure ??= `internal error while scanning ${src.name} (${e.name}); please report it`;
      notify();
    });
  }
  try {
    while (emitted < n && failure === null) {
      // The main thread claims a segment when one is left within reach; it never blocks on the
      // counter, as it is the one that merges.
      const next = Atomics.load(control, NEXT);
      if (next < n && next < emitted + maxAhead) {
        const seq = Atomics.add(control, NEXT, 1);
        if (seq < n) {
          done.set(seq, await scanSegment(shared, ctx.ignore, ctx.baseline, jobOf(bounds, seq), ctx.scanOptions));
          emit();
          await out.flush();
          // Let the workers' answers that came meanwhile in.
          await new Promise<void>((resolve) => setImmediate(resolve));
          emit();
          continue;
        }
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        // Workers may have answered while the main thread was scanning or flushing.
        if (done.has(emitted) || failure !== null) notify();
      });
      emit();
      await out.flush();
    }
    await out.flush();
  } finally {
    Atomics.store(control, STOP, 1);
    Atomics.notify(control, EMITTED);
    for (const w of pool) void w.terminate();
  }
  if (failure !== null) throw new InputError(failure);
  return bytes;
}

/** The worker side: claims segments until none is left and posts each result back. */
export function workerMain(scanOptionsOf: (o: CliOptions, suppressing: boolean) => ScanOptions): void {
  if (isMainThread || parentPort === null) return;
  const shared = workerData as Shared;
  const ignore: IgnoreList | null = shared.ignore === null ? null : { all: new Set(shared.ignore.all), at: new Set(shared.ignore.at) };
  const baseline = shared.baseline === null ? null : new Set(shared.baseline);
  const port = parentPort;
  const scanOptions = scanOptionsOf(shared.options, ignore !== null || baseline !== null);
  const control = new Int32Array(shared.control);
  const n = shared.bounds.length - 1;
  const loop = async (): Promise<void> => {
    for (let seq = claimBlocking(control, n, shared.maxAhead); seq < n; seq = claimBlocking(control, n, shared.maxAhead)) {
      const r = await scanSegment(shared, ignore, baseline, jobOf(shared.bounds, seq), scanOptions);
      // The output buffers move to the main thread instead of being copied (each is a buffer of
      // its own: Output allocates them at OUTPUT_BATCH_BYTES or more, outside Buffer's pool).
      const moved = new Set<ArrayBuffer>();
      for (const c of r.output.chunks) moved.add(c.buffer as ArrayBuffer);
      port.postMessage(r, [...moved]);
    }
  };
  void loop();
}
