/**
 * The streaming core of the scan command line: the output writer (text, JSON lines, SARIF; counts,
 * suppression), reading a stream in chunks and scanning text as it arrives. Shared by the main
 * thread (run.ts) and the worker threads (parallel.ts), so neither imports the other's module.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Readable, Writable } from 'node:stream';
import { type Finding, type ScanOptions, SEVERITY_RANK, scanText } from '../core/leaks/index';
import { LINE_WINDOW_OVERLAP, scanLines, withFingerprints } from '../core/leaks/scan';
import { MAX_INPUT_CHARS } from '../core/leaks/limits';
import { type Where, toSarif } from '../core/leaks/report';
import { jsonHead, textBody } from './format';
import { ALLOW_MARKER, type CliOptions } from './args';
import { type ByteSource, type Source, TEXT_CHUNK_BYTES } from './inputs';
import { type IgnoreList, baselineKey, isIgnored } from './suppress';
import type { SegmentOutput, SegmentResult } from './parallel';

export const VERSION = '0.1.0';

/** Bounds of one run; tests may lower them. */
export interface Limits {
  /** Largest HAR accepted (characters); bigger ones must be split or scanned as text. */
  maxHarChars: number;
  /** Most entries in one HAR. */
  maxHarEntries: number;
  /** Results kept for SARIF output (SARIF is one document, so it is held in memory). */
  maxSarifResults: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  maxHarChars: 256 * 1024 * 1024,
  maxHarEntries: 200_000,
  maxSarifResults: 100_000,
};

/** Characters read before deciding whether the input is a HAR. */
export const HEAD_CHARS = 64 * 1024;
/** An unterminated line longer than this is scanned in windows as it streams in. */
export const UNTERMINATED_LINE_CHARS = 4 * MAX_INPUT_CHARS;
/** Output is written once this many bytes are buffered (and at the end); also the size of each output buffer. */
const OUTPUT_BATCH_BYTES = 256 * 1024;

export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  cwd: string;
  /** The built script, which can run as a worker thread; without it, everything runs on one thread. */
  workerUrl?: URL;
}

export interface Counts {
  info: number;
  warning: number;
  critical: number;
  baselined: number;
  ignored: number;
  allowed: number;
}

export interface SarifItem {
  finding: Finding;
  where: Where;
  file: number;
}

/**
 * Output of one run, or of one segment of a file (`deferred`: nothing is written, take() hands the
 * encoded bytes over). A segment's line numbers count from its own start: the lines before it are
 * known only once the segments before it are scanned, so take() hands over where each line number
 * goes instead of writing it, and merge() writes them with the lines before the segment added.
 * Either way the text is encoded once, as it comes, into buffers outside the JavaScript heap, which
 * a worker hands to the main thread without a copy.
 */
export class Output {
  /** Bytes queued and not yet written (or taken). */
  private queuedBytes = 0;
  /** Output encoded so far: full buffers, then the one being filled up to outPos. */
  private outFull: Buffer[] = [];
  private out: Buffer = Buffer.alloc(0);
  private outPos = 0;
  /** Bytes in outFull. */
  private fullBytes = 0;
  /** Deferred mode: the byte offset of each line number left out, then the number, flat. */
  private marks: number[] = [];
  private broken = false;
  max = -1;
  readonly counts: Counts = { info: 0, warning: 0, critical: 0, baselined: 0, ignored: 0, allowed: 0 };
  readonly sarif: SarifItem[] = [];
  sarifDropped = 0;
  private readonly reportRank: number;
  readonly files: Source[] = [];
  private fileIndex = -1;

  constructor(
    private readonly io: Io | null,
    private readonly options: CliOptions,
    private readonly limits: Limits,
    private readonly ignore: IgnoreList | null,
    private readonly baseline: Set<string> | null,
    private readonly deferred = false,
  ) {
    // What fails the run is always shown.
    this.reportRank = Math.min(SEVERITY_RANK[options.report], SEVERITY_RANK[options.failOn]);
    io?.stdout.on('error', () => {
      // EPIPE (e.g. `| head`): stop writing, keep the exit status.
      this.broken = true;
    });
  }

  startFile(src: Source): void {
    this.files.push(src);
    this.fileIndex = this.files.length - 1;
  }

  /** Judges and queues the findings of one line or entry. Synchronous: output is batched. */
  add(findings: readonly Finding[], where: Where, allowed: boolean): void {
    const src = this.files[this.fileIndex]!;
    for (const f of findings) {
      if (allowed) {
        this.counts.allowed++;
        continue;
      }
      if (this.ignore !== null && isIgnored(this.ignore, f)) {
        this.counts.ignored++;
        continue;
      }
      if (this.baseline !== null && this.baseline.has(baselineKey(f))) {
        this.counts.baselined++;
        continue;
      }
      this.counts[f.severity]++;
      const rank = SEVERITY_RANK[f.severity];
      if (rank > this.max) this.max = rank;
      if (rank < this.reportRank) continue;
      const line = 'line' in where ? where.line : null;
      if (this.options.format === 'sarif') {
        if (this.sarif.length < this.limits.maxSarifResults) this.sarif.push({ finding: f, where, file: this.fileIndex });
        else this.sarifDropped++;
      } else if (this.options.format === 'json') {
        const head = jsonHead(src.name, f);
        if (line === null) this.push(`${head},"entry":${(where as { entry: number }).entry}}\n`);
        else this.pushLine(`${head},"line":`, line, '}\n');
      } else if (line === null) {
        this.push(`${src.name}: entry ${(where as { entry: number }).entry}: ${textBody(f)}\n\n`);
      } else {
        this.pushLine(`${src.name}: line `, line, `: ${textBody(f)}\n\n`);
      }
    }
  }

  private push(s: string): void {
    // Encoded as it comes into buffers that are handed to stdout whole: no joined string (two
    // bytes a character once a mask's ellipsis is in it) to build and encode again at each flush.
    const room = 3 * s.length; // UTF-8 bytes per UTF-16 unit, at most
    if (this.out.length - this.outPos < room) this.newBuffer(room);
    const n = this.out.write(s, this.outPos);
    this.outPos += n;
    this.queuedBytes += n;
  }

  /** Queues bytes as they are. */
  private pushBytes(b: Uint8Array): void {
    if (b.length === 0) return;
    if (this.out.length - this.outPos < b.length) this.newBuffer(b.length);
    this.out.set(b, this.outPos);
    this.outPos += b.length;
    this.queuedBytes += b.length;
  }

  /** Keeps what the current buffer holds and starts one with room for at least `room` bytes. */
  private newBuffer(room: number): void {
    if (this.outPos > 0) {
      this.outFull.push(this.out.subarray(0, this.outPos));
      this.fullBytes += this.outPos;
    }
    this.out = Buffer.allocUnsafe(Math.max(OUTPUT_BATCH_BYTES, room));
    this.outPos = 0;
  }

  private pushLine(before: string, line: number, after: string): void {
    if (!this.deferred) {
      this.push(before + line + after);
      return;
    }
    this.push(before);
    this.marks.push(this.fullBytes + this.outPos, line);
    this.push(after);
  }

  /** Hands over the queued buffers and starts afresh. */
  private takeBuffers(): Buffer[] {
    const parts = this.outFull;
    if (this.outPos > 0) parts.push(this.out.subarray(0, this.outPos));
    // What was handed over is never written to again: stdout may hold it until the pipe takes it.
    this.outFull = [];
    this.out = Buffer.alloc(0);
    this.outPos = 0;
    this.fullBytes = 0;
    this.queuedBytes = 0;
    return parts;
  }

  /**
   * Takes the queued output (deferred mode): the encoded text without the line numbers, and for
   * each line number left out its byte offset in that text and the number (`marks`, flat pairs).
   */
  take(): SegmentOutput {
    const marks = this.marks;
    this.marks = [];
    return { chunks: this.takeBuffers(), marks };
  }

  /** Adds the results of a segment that starts after `linesBefore` lines of the file. */
  merge(r: SegmentResult, linesBefore: number): void {
    for (const k of Object.keys(this.counts) as (keyof Counts)[]) this.counts[k] += r.counts[k];
    if (r.max > this.max) this.max = r.max;
    for (const it of r.sarif) {
      const where = 'line' in it.where ? { line: it.where.line + linesBefore } : it.where;
      if (this.sarif.length < this.limits.maxSarifResults) this.sarif.push({ finding: it.finding, where, file: this.fileIndex });
      else this.sarifDropped++;
    }
    this.sarifDropped += r.sarifDropped;
    const { chunks, marks } = r.output;
    // Copies the segment's bytes up to each mark, then writes the mark's line number.
    let chunk = 0;
    let at = 0; // in chunks[chunk]
    let pos = 0; // bytes of the segment's text copied so far
    const copyTo = (end: number): void => {
      while (pos < end) {
        const c = chunks[chunk]!;
        const n = Math.min(c.length - at, end - pos);
        this.pushBytes(c.subarray(at, at + n));
        at += n;
        pos += n;
        if (at === c.length) {
          chunk++;
          at = 0;
        }
      }
    };
    for (let i = 0; i < marks.length; i += 2) {
      copyTo(marks[i]!);
      this.push(String(marks[i + 1]! + linesBefore));
    }
    let total = 0;
    for (const c of chunks) total += c.length;
    copyTo(total);
  }

  /** Writes the queued output once enough of it is there (or always, with `force`). */
  async flush(force = false): Promise<void> {
    if (this.deferred || this.queuedBytes === 0 || (!force && this.queuedBytes < OUTPUT_BATCH_BYTES)) return;
    for (const b of this.takeBuffers()) await this.write(b);
  }

  sarifDocument(): string {
    const used = new Map<number, number>();
    for (const it of this.sarif) if (!used.has(it.file)) used.set(it.file, used.size);
    const uris = [...used.keys()].map((i) => this.files[i]!.uri);
    const log = toSarif(
      this.sarif.map(({ finding, where }) => ({ finding, where })),
      { artifactUri: uris[0] ?? this.files[0]?.uri ?? 'stdin', toolName: 'mp-credential-scan', toolVersion: VERSION },
    );
    const run = log.runs[0]!;
    if (uris.length > 0) run.artifacts = uris.map((uri) => ({ location: { uri } }));
    run.results.forEach((r, k) => {
      const index = used.get(this.sarif[k]!.file)!;
      const locations = r.locations as { physicalLocation: { artifactLocation: { uri: string; index: number } } }[];
      locations[0]!.physicalLocation.artifactLocation = { uri: uris[index]!, index };
      (r.properties as Record<string, unknown>).file = this.files[this.sarif[k]!.file]!.name;
    });
    return `${JSON.stringify(log, null, 2)}\n`;
  }

  async finish(): Promise<number> {
    if (this.options.format === 'sarif') {
      this.push(this.sarifDocument());
      if (this.sarifDropped > 0) {
        this.io?.stderr.write(`scan: SARIF output keeps the first ${this.limits.maxSarifResults} results; ${this.sarifDropped} more were found\n`);
      }
    }
    await this.flush(true);
    return this.max >= SEVERITY_RANK[this.options.failOn] ? 1 : 0;
  }

  private async write(s: Buffer): Promise<void> {
    if (this.broken || this.io === null) return;
    if (this.io.stdout.write(s)) return;
    // Backpressure: wait for the reader (or for the pipe to break), then drop our listeners.
    const stdout = this.io.stdout;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        stdout.off('drain', done);
        stdout.off('error', done);
        stdout.off('close', done);
        resolve();
      };
      stdout.on('drain', done);
      stdout.on('error', done);
      stdout.on('close', done);
    });
  }
}

/**
 * Decoded text chunks of bytes (UTF-8, split characters kept whole), of at most TEXT_CHUNK_BYTES
 * each and ending at a line end where there is one: the scan then finds nothing left over to join
 * to the next chunk, except once per read.
 */
export async function* textChunks(source: ByteSource, counter: { bytes: number }): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source as AsyncIterable<Buffer | string>) {
    counter.bytes += chunk.length;
    if (typeof chunk === 'string') {
      if (chunk.length > 0) yield chunk;
      continue;
    }
    for (let at = 0; at < chunk.length; ) {
      let end = Math.min(chunk.length, at + TEXT_CHUNK_BYTES);
      if (end < chunk.length) {
        const nl = chunk.subarray(at, end).lastIndexOf(10);
        if (nl >= 0) end = at + nl + 1;
      }
      const s = decoder.write(chunk.subarray(at, end));
      at = end;
      if (s.length > 0) yield s;
    }
  }
  const end = decoder.end();
  if (end.length > 0) yield end;
}

/** Lines of `block` holding ALLOW_MARKER, found by walking forward through increasing line indexes. */
class MarkerLines {
  private line = 0;
  private pos = 0;
  constructor(private readonly block: string) {}
  has(index: number): boolean {
    const b = this.block;
    while (this.line < index) {
      const nl = b.indexOf('\n', this.pos);
      if (nl < 0) return false;
      this.pos = nl + 1;
      this.line++;
    }
    let end = b.indexOf('\n', this.pos);
    if (end < 0) end = b.length;
    const at = b.indexOf(ALLOW_MARKER, this.pos);
    return at >= 0 && at < end;
  }
}

/**
 * Scans text in blocks of complete lines (see scanLines: lines without a hint cost one regex pass).
 * A line that grows past UNTERMINATED_LINE_CHARS without ending is scanned in windows as it comes,
 * so memory stays bounded whatever the input.
 */
export async function scanTextStream(chunks: AsyncIterator<string>, first: string, out: Output, opts: ScanOptions): Promise<number> {
  let lineNo = 1; // number of the first line held in `pending`
  let pending = first;
  // Findings already reported for the first line of `pending`, when it was scanned in windows.
  let partialSeen: Set<string> | null = null;
  let partialAllowed = false;
  const keyOf = (f: Finding): string => `${f.fingerprint}|${f.location}|${f.param ?? ''}|${f.kind}`;
  const windowOpts = withFingerprints(opts);
  const found: { index: number; findings: Finding[] }[] = [];
  const onLine = (index: number, findings: Finding[]): void => {
    found.push({ index, findings });
  };

  const process = (atEnd: boolean): void => {
    const lastNl = pending.lastIndexOf('\n');
    const blockEnd = atEnd ? pending.length : lastNl;
    if (blockEnd >= 0 && !(atEnd && pending.length === 0)) {
      const block = pending.slice(0, blockEnd);
      found.length = 0;
      const count = scanLines(block, onLine, opts);
      const markers = found.length > 0 && block.indexOf(ALLOW_MARKER) >= 0 ? new MarkerLines(block) : null;
      for (const { index, findings } of found) {
        const fresh = index === 0 && partialSeen ? findings.filter((f) => !partialSeen!.has(keyOf(f))) : findings;
        const allowed = (index === 0 && partialAllowed) || (markers !== null && markers.has(index));
        out.add(fresh, { line: lineNo + index }, allowed);
      }
      partialSeen = null;
      partialAllowed = false;
      lineNo += count;
      pending = atEnd ? '' : pending.slice(lastNl + 1);
    }
    while (pending.length > UNTERMINATED_LINE_CHARS) {
      partialSeen ??= new Set();
      const window = pending.slice(0, MAX_INPUT_CHARS);
      partialAllowed ||= window.indexOf(ALLOW_MARKER) >= 0;
      const fresh = scanText(window, windowOpts).filter((f) => !partialSeen!.has(keyOf(f)));
      for (const f of fresh) partialSeen.add(keyOf(f));
      out.add(fresh, { line: lineNo }, partialAllowed);
      pending = pending.slice(MAX_INPUT_CHARS - LINE_WINDOW_OVERLAP);
    }
  };

  process(false);
  await out.flush();
  for (;;) {
    const r = await chunks.next();
    if (r.done) break;
    pending += r.value;
    process(false);
    await out.flush();
  }
  // A block that ends with a newline counts an empty line after it, which is not a line.
  const emptyLast = pending.length > 0 && pending.charCodeAt(pending.length - 1) === 10 ? 1 : 0;
  process(true);
  await out.flush();
  return lineNo - 1 - emptyLast;
}

