/**
 * The `scan` command: reads a HAR file or text (file or stdin), scans it with the leak engine and
 * prints findings as text, JSON lines or SARIF. Text input is streamed line by line, so memory
 * stays flat whatever the input size; a HAR is parsed whole, within MAX_HAR_CHARS.
 */
import { open } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Readable, Writable } from 'node:stream';
import { type Finding, type ScanOptions, SEVERITY_RANK, scanRequest, scanText } from '../core/leaks/index';
import { LINE_WINDOW_OVERLAP, scanLines } from '../core/leaks/scan';
import { MAX_INPUT_CHARS } from '../core/leaks/limits';
import { type Where, toJsonLine, toSarif, toText } from '../core/leaks/report';
import { type CliOptions, USAGE, parseArgs } from './args';
import { harEntries, harEntryToRequest } from './har';

/** Largest HAR accepted (characters); bigger ones must be split or converted to text. */
export const MAX_HAR_CHARS = 256 * 1024 * 1024;
/** Characters read before deciding whether the input is a HAR. */
export const HEAD_CHARS = 64 * 1024;
/** An unterminated line longer than this is scanned in windows as it streams in. */
export const UNTERMINATED_LINE_CHARS = 4 * MAX_INPUT_CHARS;
/** Results kept for SARIF output (SARIF is one document, so it is held in memory). */
export const MAX_SARIF_RESULTS = 100_000;

export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  cwd: string;
}

class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

const HAR_HEAD_RE = /^\uFEFF?\s*\{\s*"log"\s*:/;

function looksLikeHar(head: string): boolean {
  if (HAR_HEAD_RE.test(head)) return true;
  return /^\uFEFF?\s*\{/.test(head) && /"log"\s*:\s*\{/.test(head) && /"entries"\s*:\s*\[/.test(head);
}

function artifactUri(input: string, cwd: string): string {
  if (input === '-') return 'stdin';
  const abs = resolve(cwd, input);
  const rel = relative(cwd, abs);
  if (!rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).map(encodeURIComponent).join('/');
  return pathToFileURL(abs).href;
}

class Output {
  private max: Finding['severity'] | null = null;
  private readonly counts = { info: 0, warning: 0, critical: 0 };
  private readonly sarif: { finding: Finding; where: Where }[] = [];
  private sarifDropped = 0;
  private broken = false;

  constructor(
    private readonly io: Io,
    private readonly options: CliOptions,
  ) {
    io.stdout.on('error', () => {
      // EPIPE (e.g. `| head`): stop writing, keep the exit status.
      this.broken = true;
    });
  }

  async add(findings: readonly Finding[], where: Where): Promise<void> {
    for (const f of findings) {
      this.counts[f.severity]++;
      if (this.max === null || SEVERITY_RANK[f.severity] > SEVERITY_RANK[this.max]) this.max = f.severity;
      if (this.options.format === 'sarif') {
        if (this.sarif.length < MAX_SARIF_RESULTS) this.sarif.push({ finding: f, where });
        else this.sarifDropped++;
      } else if (this.options.format === 'json') await this.write(`${toJsonLine(f, where)}\n`);
      else await this.write(`${toText(f, where)}\n\n`);
    }
  }

  async finish(uri: string): Promise<number> {
    if (this.options.format === 'sarif') {
      await this.write(`${JSON.stringify(toSarif(this.sarif, { artifactUri: uri }), null, 2)}\n`);
      if (this.sarifDropped > 0) {
        this.io.stderr.write(`scan: SARIF output keeps the first ${MAX_SARIF_RESULTS} results; ${this.sarifDropped} more were found\n`);
      }
    } else if (this.options.format === 'text') {
      const total = this.counts.info + this.counts.warning + this.counts.critical;
      await this.write(
        total === 0
          ? 'No findings.\n'
          : `${total} finding${total === 1 ? '' : 's'}: ${this.counts.critical} critical, ${this.counts.warning} warning, ${this.counts.info} info\n`,
      );
    }
    return this.max !== null && SEVERITY_RANK[this.max] >= SEVERITY_RANK[this.options.failOn] ? 1 : 0;
  }

  private async write(s: string): Promise<void> {
    if (this.broken) return;
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

async function openInput(input: string, io: Io): Promise<Readable> {
  if (input === '-') return io.stdin;
  try {
    const fh = await open(resolve(io.cwd, input), 'r');
    return fh.createReadStream({ highWaterMark: 1024 * 1024 });
  } catch (e) {
    throw new InputError(`cannot read ${input}: ${errorCode(e)}`);
  }
}

function errorCode(e: unknown): string {
  if (typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string') {
    return (e as { code: string }).code;
  }
  return 'read error';
}

/**
 * Scans text in blocks of complete lines (see scanLines: lines without a hint cost one regex pass).
 * A line that grows past UNTERMINATED_LINE_CHARS without ending is scanned in windows as it comes,
 * so memory stays bounded whatever the input.
 */
async function scanTextStream(chunks: AsyncIterable<string>, first: string, out: Output, opts: ScanOptions): Promise<void> {
  let lineNo = 1; // number of the first line held in `pending`
  let pending = first;
  // Findings already reported for the first line of `pending`, when it was scanned in windows.
  let partialSeen: Set<string> | null = null;
  const keyOf = (f: Finding): string => `${f.fingerprint}|${f.location}|${f.param ?? ''}|${f.kind}`;

  const process = async (atEnd: boolean): Promise<void> => {
    const lastNl = pending.lastIndexOf('\n');
    const blockEnd = atEnd ? pending.length : lastNl;
    if (blockEnd >= 0 && !(atEnd && pending.length === 0)) {
      const found: { index: number; findings: Finding[] }[] = [];
      const count = scanLines(pending.slice(0, blockEnd), (index, findings) => found.push({ index, findings }), opts);
      for (const { index, findings } of found) {
        const fresh = index === 0 && partialSeen ? findings.filter((f) => !partialSeen!.has(keyOf(f))) : findings;
        await out.add(fresh, { line: lineNo + index });
      }
      partialSeen = null;
      lineNo += count;
      pending = atEnd ? '' : pending.slice(lastNl + 1);
    }
    while (pending.length > UNTERMINATED_LINE_CHARS) {
      partialSeen ??= new Set();
      const fresh = scanText(pending.slice(0, MAX_INPUT_CHARS), opts).filter((f) => !partialSeen!.has(keyOf(f)));
      for (const f of fresh) partialSeen.add(keyOf(f));
      await out.add(fresh, { line: lineNo });
      pending = pending.slice(MAX_INPUT_CHARS - LINE_WINDOW_OVERLAP);
    }
  };

  await process(false);
  for await (const chunk of chunks) {
    pending += chunk;
    await process(false);
  }
  await process(true);
}

async function scanHar(chunks: AsyncIterable<string>, first: string, out: Output, opts: ScanOptions): Promise<void> {
  const parts = [first];
  let size = first.length;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > MAX_HAR_CHARS) {
      throw new InputError(`HAR input is larger than ${MAX_HAR_CHARS / 1024 / 1024} MiB; export fewer requests or scan it as text`);
    }
    parts.push(chunk);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(parts.join('').replace(/^\uFEFF/, ''));
  } catch (e) {
    // The parser's message may quote the input: only its position is kept.
    const pos = /position (\d+)/.exec(e instanceof Error ? e.message : '');
    throw new InputError(`malformed HAR: not valid JSON${pos ? ` (at character ${pos[1]})` : ''}`);
  }
  parts.length = 0;
  const entries = harEntries(parsed);
  if (entries === null) throw new InputError('malformed HAR: log.entries is missing or not an array');
  for (let i = 0; i < entries.length; i++) {
    const req = harEntryToRequest(entries[i]);
    if (req) await out.add(scanRequest(req, opts), { entry: i });
  }
}

/** Runs the command; resolves to the exit status (0, 1 or 2). */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    io.stderr.write(`scan: ${parsed.message}\n`);
    return 2;
  }
  const options = parsed.options;
  const scanOptions: ScanOptions = { mercadoPagoHosts: options.mercadoPagoHosts, textContext: 'text' };
  const out = new Output(io, options);
  try {
    const stream = await openInput(options.input, io);
    stream.setEncoding('utf8');
    const it = (stream as AsyncIterable<string>)[Symbol.asyncIterator]();
    const rest: AsyncIterable<string> = { [Symbol.asyncIterator]: () => it };
    let head = '';
    while (head.length < HEAD_CHARS) {
      const r = await it.next();
      if (r.done) break;
      head += r.value;
    }
    if (looksLikeHar(head)) await scanHar(rest, head, out, scanOptions);
    else await scanTextStream(rest, head, out, scanOptions);
    return await out.finish(artifactUri(options.input, io.cwd));
  } catch (e) {
    const message = e instanceof InputError ? e.message : `cannot read ${options.input === '-' ? 'standard input' : options.input}: ${errorCode(e)}`;
    io.stderr.write(`scan: ${message}\n`);
    return 2;
  }
}
