/**
 * With `--threads N`, a large text file is scanned in segments on several cores: the file is cut at line ends into
 * segments, which worker threads (the same built script, started as a worker, with a small young
 * generation) scan as they become free, while the main thread writes. The main thread counts the
 * lines before each segment first, so a worker prints final line numbers; each segment's output
 * is written in file order, once the segments before it are done, so it is the same as a
 * sequential scan's. At most two segments per
 * worker are ahead of the one being written, which keeps memory flat whatever the file size.
 */
import { open } from 'node:fs/promises';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { ScanOptions } from '../core/leaks/index';
import type { CliOptions } from './args';
import { InputError, type Source, errorCode, readFileChunks } from './inputs';
import { type Counts, type Limits, Output, type SarifItem, scanTextStream, textChunks } from './stream';
import type { IgnoreList } from './suppress';

/** Files smaller than this are always scanned on one thread (starting a worker costs tens of ms). */
export const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;
const MIN_SEGMENT_BYTES = 2 * 1024 * 1024;
const MAX_SEGMENT_BYTES = 16 * 1024 * 1024;
/** Most worker threads started. */
const MAX_WORKERS = 4;

export interface SegmentResult {
  seq: number;
  lines: number;
  bytes: number;
  text: string;
  counts: Counts;
  max: number;
  sarif: SarifItem[];
  sarifDropped: number;
  error?: string;
}

interface Job {
  seq: number;
  start: number;
  end: number;
  /** Lines before the segment. */
  base: number;
}

interface Shared {
  options: CliOptions;
  limits: Limits;
  ignore: { all: string[]; at: string[] } | null;
  baseline: string[] | null;
  src: Source;
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
 * Worker threads to use for a file of `size` bytes (1: none, the main thread scans it). Workers
 * are used only when asked for (`--threads N`) and for files of PARALLEL_MIN_BYTES or more: on
 * the 2-core machine of the cli bench, under the load of other processes, one thread was faster
 * on every input and kept memory lower, so it is the default.
 */
export function threadsFor(size: number, requested: number | null): number {
  if (requested === null || size < PARALLEL_MIN_BYTES) return 1;
  return Math.max(1, Math.min(requested, MAX_WORKERS));
}

/**
 * Segment boundaries (0, each cut just after a line end, then `size`) and the number of lines
 * before each segment, so that workers print final line numbers. One pass over the file counting
 * line ends (native indexOf), while the workers start.
 */
async function planSegments(path: string, size: number, segmentBytes: number): Promise<{ bounds: number[]; linesBefore: number[] }> {
  const bounds = [0];
  const linesBefore = [0];
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(1024 * 1024);
    let lines = 0;
    let nextCut = segmentBytes;
    for (let pos = 0; pos < size; ) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos);
      if (bytesRead === 0) break;
      for (let i = buf.indexOf(10); i >= 0 && i < bytesRead; i = buf.indexOf(10, i + 1)) {
        lines++;
        const after = pos + i + 1;
        if (after >= nextCut && after < size) {
          bounds.push(after);
          linesBefore.push(lines);
          nextCut = after + segmentBytes;
        }
      }
      pos += bytesRead;
    }
  } finally {
    await fh.close();
  }
  bounds.push(size);
  return { bounds, linesBefore };
}

/** Scans bytes [start, end) of a file, which begin at a line start after `base` lines. */
async function scanSegment(shared: Shared, ignore: IgnoreList | null, baseline: Set<string> | null, job: Job, scanOptions: ScanOptions): Promise<SegmentResult> {
  const { seq, start, end, base } = job;
  const out = new Output(null, shared.options, shared.limits, ignore, baseline, true, base);
  out.startFile(shared.src);
  const counter = { bytes: 0 };
  try {
    const it = textChunks(readFileChunks(shared.src.path!, start, end), counter);
    const first = await it.next();
    const lines = first.done ? 0 : await scanTextStream(it, first.value, out, scanOptions);
    return { seq, lines, bytes: counter.bytes, text: out.take(), counts: out.counts, max: out.max, sarif: out.sarif, sarifDropped: out.sarifDropped };
  } catch (e) {
    return { seq, lines: 0, bytes: 0, text: '', counts: out.counts, max: -1, sarif: [], sarifDropped: 0, error: `cannot read ${shared.src.name}: ${errorCode(e)}` };
  }
}

function toLists(ignore: IgnoreList | null): Shared['ignore'] {
  return ignore === null ? null : { all: [...ignore.all], at: [...ignore.at] };
}

/**
 * Scans a text file on `ctx.threads` threads; findings go to `out` in file order. Resolves to
 * the bytes read.
 */
export async function scanFileParallel(src: Source, size: number, out: Output, ctx: ParallelContext): Promise<number> {
  const workers = Math.max(1, ctx.threads);
  const segmentBytes = Math.min(MAX_SEGMENT_BYTES, Math.max(MIN_SEGMENT_BYTES, Math.ceil(size / (3 * workers))));
  const shared: Shared = { options: ctx.options, limits: ctx.limits, ignore: toLists(ctx.ignore), baseline: ctx.baseline ? [...ctx.baseline] : null, src };
  const maxAhead = 2 * workers;
  const done = new Map<number, SegmentResult>();
  let next = 0;
  let emitted = 0;
  let bytes = 0;
  let failure: string | null = null;
  const idle: Worker[] = [];
  const pool: Worker[] = [];
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };

  const emit = (): void => {
    for (let r = done.get(emitted); r !== undefined; r = done.get(emitted)) {
      done.delete(emitted);
      if (r.error !== undefined) failure ??= r.error;
      out.merge(r);
      bytes += r.bytes;
      emitted++;
    }
    while (idle.length > 0 && next < n && next - emitted < maxAhead) give(idle.pop()!);
  };
  const give = (w: Worker): void => {
    const seq = next++;
    const job: Job = { seq, start: plan.bounds[seq]!, end: plan.bounds[seq + 1]!, base: plan.linesBefore[seq]! };
    w.postMessage(job);
  };

  // Workers start while the file is planned.
  const expected = Math.max(1, Math.ceil(size / segmentBytes));
  for (let k = 0; k < Math.min(workers, expected); k++) {
    const w = new Worker(ctx.workerUrl, { workerData: shared, resourceLimits: { maxYoungGenerationSizeMb: 12 } });
    pool.push(w);
    w.on('message', (r: SegmentResult) => {
      done.set(r.seq, r);
      idle.push(w);
      emit();
      notify();
    });
    w.on('error', (e: Error) => {
      failure ??= `internal error while scanning ${src.name} (${e.name}); please report it`;
      notify();
    });
    idle.push(w);
  }
  let plan: { bounds: number[]; linesBefore: number[] } = { bounds: [0], linesBefore: [0] };
  let n = 0;
  try {
    plan = await planSegments(src.path!, size, segmentBytes);
    n = plan.bounds.length - 1;
    emit();
    // The main thread writes what is ready, in file order, while the workers scan.
    while (emitted < n && failure === null) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      await out.flush();
    }
  } finally {
    for (const w of pool) void w.terminate();
  }
  if (failure !== null) throw new InputError(failure);
  return bytes;
}

/** The worker side: scans the segments it is given and posts each result back. */
export function workerMain(scanOptionsOf: (o: CliOptions) => ScanOptions): void {
  if (isMainThread || parentPort === null) return;
  const shared = workerData as Shared;
  const ignore: IgnoreList | null = shared.ignore === null ? null : { all: new Set(shared.ignore.all), at: new Set(shared.ignore.at) };
  const baseline = shared.baseline === null ? null : new Set(shared.baseline);
  const port = parentPort;
  const scanOptions = scanOptionsOf(shared.options);
  port.on('message', (job: Job) => {
    void scanSegment(shared, ignore, baseline, job, scanOptions).then((r) => port.postMessage(r));
  });
}
