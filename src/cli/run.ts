/**
 * The `scan` command: reads files, directories, gzip files and stdin, scans HAR files as requests
 * and everything else as text, and prints findings as text, JSON lines or SARIF, then a one-line
 * summary on stderr. Text is read in chunks (READ_CHUNK_BYTES, synchronously for plain files;
 * scanned TEXT_CHUNK_BYTES at a time) and split into lines here, never line by line through
 * readline; lines without a hint cost one regular-expression pass (see scanLines); output is
 * encoded and written in batches; with `--threads N`, large files are scanned on several threads
 * (./parallel.ts). Memory stays bounded whatever the size of a text input; a HAR is held as text
 * (within Limits.maxHarChars) and parsed one entry at a time.
 */
import { createRequire } from 'node:module';
import { open, readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type ScanOptions, SEVERITY_RANK, scanRequest, sha256Hex as ownSha256Hex } from '../core/leaks/index';
import { ALLOW_MARKER, type CliOptions, IGNORE_FILE_NAME, USAGE, parseArgs } from './args';
import { harEntryComment, harEntrySpans, harEntryToRequest, looksLikeHar } from './har';
import { InputError, type Source, closeSource, errorCode, openSource, sourcesOf } from './inputs';
import { type ParallelContext, scanFileParallel, threadsFor } from './parallel';
import { type IgnoreList, parseBaseline, parseIgnoreFile } from './suppress';

// The streaming core lives in stream.ts; re-exported for the modules and tests that read it from here.
export { VERSION, DEFAULT_LIMITS, HEAD_CHARS, UNTERMINATED_LINE_CHARS, Output, textChunks, scanTextStream } from './stream';
export type { Limits, Io, Counts, SarifItem } from './stream';
import { DEFAULT_LIMITS, HEAD_CHARS, VERSION, Output, textChunks, scanTextStream, type Limits, type Io, type Counts } from './stream';

/** Bytes of the first chunk looked at for a NUL, which marks a binary file. */
const BINARY_SNIFF_CHARS = 8000;

async function scanHar(chunks: AsyncIterator<string>, first: string, out: Output, opts: ScanOptions, limits: Limits): Promise<void> {
  const parts = [first];
  let size = first.length;
  for (;;) {
    if (size > limits.maxHarChars) {
      const mib = limits.maxHarChars / 1024 / 1024;
      throw new InputError(`HAR input is larger than ${mib >= 1 ? `${Math.round(mib)} MiB` : `${limits.maxHarChars} characters`}; export fewer requests or scan it as text`);
    }
    const r = await chunks.next();
    if (r.done) break;
    size += r.value.length;
    parts.push(r.value);
  }
  const text = parts.join('');
  parts.length = 0;
  const spans = harEntrySpans(text, limits.maxHarEntries);
  if (typeof spans === 'string') throw new InputError(spans);
  for (let i = 0; i < spans.length; i++) {
    const [s, e] = spans[i]!;
    let entry: unknown;
    try {
      entry = JSON.parse(text.slice(s, e));
    } catch {
      // The parser's message may quote the input: only the entry's index is kept.
      throw new InputError(`malformed HAR: entry ${i} is not valid JSON`);
    }
    const req = harEntryToRequest(entry);
    if (req) out.add(scanRequest(req, opts), { entry: i }, harEntryComment(entry).includes(ALLOW_MARKER));
    if ((i & 1023) === 1023) await out.flush();
  }
  await out.flush();
}

interface Skipped {
  binary: number;
}

/** Scans one source; `binary` when it was skipped as a binary file. */
async function scanSource(src: Source, io: Io, out: Output, ctx: Omit<ParallelContext, 'workerUrl' | 'threads'>): Promise<{ bytes: number; binary: boolean }> {
  // Only `--threads N` (N > 1) scans on several threads: the file's size is not looked up otherwise.
  if (src.path !== null && io.workerUrl !== undefined && ctx.options.threads !== null && ctx.options.threads > 1) {
    const size = (await stat(src.path).catch(() => null))?.size ?? 0;
    const threads = threadsFor(size, ctx.options.threads);
    if (threads > 1) {
      const head = await readHead(src.path);
      const text = head.toString('utf8');
      const gzip = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
      if (!gzip && text.slice(0, BINARY_SNIFF_CHARS).indexOf('\u0000') < 0 && !looksLikeHar(text)) {
        out.startFile(src);
        const bytes = await scanFileParallel(src, size, out, { ...ctx, workerUrl: io.workerUrl, threads });
        return { bytes, binary: false };
      }
    }
  }
  const stream = await openSource(src, () => io.stdin);
  const counter = { bytes: 0 };
  const it = textChunks(stream, counter);
  let head = '';
  while (head.length < HEAD_CHARS) {
    const r = await it.next();
    if (r.done) break;
    head += r.value;
  }
  if (head.slice(0, BINARY_SNIFF_CHARS).indexOf('\u0000') >= 0) {
    closeSource(stream);
    return { bytes: counter.bytes, binary: true };
  }
  out.startFile(src);
  if (looksLikeHar(head)) await scanHar(it, head, out, ctx.scanOptions, ctx.limits);
  else await scanTextStream(it, head, out, ctx.scanOptions);
  return { bytes: counter.bytes, binary: false };
}

async function readHead(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_CHARS);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * node:crypto's one-shot SHA-256 of a string's UTF-8 bytes, for fingerprints; the engine's own
 * on a Node older than 20.12, which has no `hash`. node:crypto is loaded at the first finding, not
 * at startup (it costs a few milliseconds, and most runs of a pre-commit hook find nothing).
 */
let nativeHash: ((s: string) => string) | null = null;
function sha256Hex(s: string): string {
  if (nativeHash === null) {
    const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
    nativeHash = typeof crypto.hash === 'function' ? (x) => crypto.hash('sha256', x, 'hex') : ownSha256Hex;
  }
  return nativeHash(s);
}

/** The engine's options for the command's options. */
export function scanOptionsOf(o: CliOptions, suppressing: boolean): ScanOptions {
  // Findings below what is printed are only counted (Output.add): the engine need not display
  // them. Fingerprints are hashed for every finding when an ignore file or a baseline is matched
  // against every finding, else only for those printed, and not at all for text, which does not
  // print them.
  const shown = SEVERITY_RANK[o.report] <= SEVERITY_RANK[o.failOn] ? o.report : o.failOn;
  const fingerprints = suppressing ? 'all' : o.format === 'text' ? 'none' : 'shown';
  return { mercadoPagoHosts: o.mercadoPagoHosts, textContext: 'text', detailFrom: shown, fingerprints, sha256Hex };
}

/** 1234567 → `1,234,567` (toLocaleString would load ICU data: tens of ms at startup). */
function fmtInt(n: number): string {
  const s = String(n);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ',';
    out += s[i];
  }
  return out;
}

function summary(files: number, bytes: number, seconds: number, c: Counts, skipped: Skipped, reportShown: string): string {
  const mb = bytes / 1e6;
  const parts = [
    `scan: ${fmtInt(files)} file${files === 1 ? '' : 's'}, ${mb.toFixed(1)} MB in ${seconds.toFixed(2)} s (${seconds > 0 ? (mb / seconds).toFixed(0) : '-'} MB/s)`,
    `${fmtInt(c.critical)} critical, ${fmtInt(c.warning)} warning, ${fmtInt(c.info)} info (shown: ${reportShown})`,
    `${fmtInt(c.baselined)} baselined, ${fmtInt(c.ignored)} ignored, ${fmtInt(c.allowed)} allowed inline`,
  ];
  if (skipped.binary > 0) parts.push(`${fmtInt(skipped.binary)} binary file${skipped.binary === 1 ? '' : 's'} skipped`);
  return `${parts.join('; ')}\n`;
}

/** A small file's text; null when it does not exist and `optional`. */
async function readSmallFile(path: string, cwd: string, what: string, optional = false): Promise<string | null> {
  try {
    return await readFile(resolve(cwd, path), 'utf8');
  } catch (e) {
    if (optional && errorCode(e) === 'ENOENT') return null;
    throw new InputError(`cannot read ${what} ${path}: ${errorCode(e)}`);
  }
}

/** Runs the command; resolves to the exit status (0, 1 or 2). */
export async function run(argv: readonly string[], io: Io, limits: Limits = DEFAULT_LIMITS): Promise<number> {
  const t0 = performance.now();
  const parsed = parseArgs(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if (parsed.kind === 'version') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (parsed.kind === 'error') {
    io.stderr.write(`scan: ${parsed.message}\n`);
    return 2;
  }
  const options = parsed.options;
  let current = '';
  try {
    let ignore: IgnoreList | null = null;
    const ignorePath = options.ignoreFile ?? IGNORE_FILE_NAME;
    const ignoreText = await readSmallFile(ignorePath, io.cwd, 'ignore file', options.ignoreFile === null);
    if (ignoreText !== null) {
      const parsedIgnore = parseIgnoreFile(ignoreText, ignorePath);
      if (typeof parsedIgnore === 'string') throw new InputError(parsedIgnore);
      ignore = parsedIgnore;
    }
    let baseline: Set<string> | null = null;
    if (options.baseline !== null) {
      const b = parseBaseline((await readSmallFile(options.baseline, io.cwd, 'baseline')) ?? '', options.baseline);
      if (typeof b === 'string') throw new InputError(b);
      baseline = b;
    }
    const scanOptions = scanOptionsOf(options, ignore !== null || baseline !== null);
    const out = new Output(io, options, limits, ignore, baseline);
    let bytes = 0;
    const skipped: Skipped = { binary: 0 };
    for await (const src of sourcesOf(options.inputs, io.cwd)) {
      current = src.name;
      const r = await scanSource(src, io, out, { options, limits, ignore, baseline, scanOptions });
      bytes += r.bytes;
      if (r.binary) skipped.binary++;
    }
    const status = await out.finish();
    const shownRank = Math.min(SEVERITY_RANK[options.report], SEVERITY_RANK[options.failOn]);
    const shown = shownRank === 0 ? 'all' : `${shownRank === 1 ? 'warning' : 'critical'} and above`;
    io.stderr.write(summary(out.files.length, bytes, (performance.now() - t0) / 1000, out.counts, skipped, shown));
    return status;
  } catch (e) {
    let message: string;
    if (e instanceof InputError) message = e.message;
    else if (current && typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string') message = `cannot read ${current}: ${errorCode(e)}`;
    else message = `internal error while scanning ${current || 'the input'} (${e instanceof Error ? e.name : 'unknown'}); please report it`;
    io.stderr.write(`scan: ${message}\n`);
    return 2;
  }
}
