/**
 * What `scan` reads: files, directories walked recursively (sorted; `node_modules` and `.git`
 * skipped), gzip files (by their magic bytes, so `access.log.1.gz` and an unnamed stream alike)
 * decompressed with node:zlib, and standard input.
 */
import { createGunzip } from 'node:zlib';
import { closeSync, openSync, readSync } from 'node:fs';
import { type FileHandle, open, readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Readable } from 'node:stream';

/** Directory names never walked into. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git']);
/**
 * Bytes read from disk at a time. A plain file is read synchronously (readFileChunks) into one
 * buffer of this size that is used again for every read: the asynchronous stream it replaces left
 * the thread idle for about a sixth of the run on the 50 MB log of the cli bench (each read waited
 * for the thread pool, then for the scan), and allocated a buffer per read. Gzip files and standard
 * input stay streams.
 */
export const READ_CHUNK_BYTES = 1024 * 1024;
/**
 * Bytes decoded into one string and scanned at a time. Small enough for the strings to stay in
 * V8's young generation: bigger ones go to the large-object space, freed only by full collections,
 * and peak memory then grew with the input size (4 MiB strings: 140 vs 220 MiB for a 30 vs 300 MB
 * log; 64 KiB: 70 vs 89 MiB), and no slower.
 */
export const TEXT_CHUNK_BYTES = 64 * 1024;

export interface Source {
  /** Shown in findings (`file`): the path relative to the working directory with `/`, or `stdin`. */
  name: string;
  /** SARIF artifact URI: the relative path percent-encoded, a `file:` URL outside the working directory, or `stdin`. */
  uri: string;
  /** Absolute path; null for standard input. */
  path: string | null;
}

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export function errorCode(e: unknown): string {
  if (typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string') return (e as { code: string }).code;
  return 'read error';
}

function sourceOf(abs: string, cwd: string): Source {
  const rel = relative(cwd, abs);
  if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) {
    const parts = rel.split(sep);
    return { name: parts.join('/'), uri: parts.map(encodeURIComponent).join('/'), path: abs };
  }
  return { name: abs, uri: pathToFileURL(abs).href, path: abs };
}

async function* walk(dir: string, cwd: string): AsyncGenerator<Source> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new InputError(`cannot read ${sourceOf(dir, cwd).name}: ${errorCode(e)}`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const d of entries) {
    const abs = join(dir, d.name);
    if (d.isDirectory()) {
      if (!SKIPPED_DIRS.has(d.name)) yield* walk(abs, cwd);
    } else if (d.isFile()) {
      yield sourceOf(abs, cwd);
    } else if (d.isSymbolicLink()) {
      // Links to files are read; links to directories are not followed (no cycles).
      const s = await stat(abs).catch(() => null);
      if (s?.isFile()) yield sourceOf(abs, cwd);
    }
  }
}

/** Every source the arguments name, in order: `-`, files, and the files under directories. */
export async function* sourcesOf(inputs: readonly string[], cwd: string): AsyncGenerator<Source> {
  for (const input of inputs) {
    if (input === '-') {
      yield { name: 'stdin', uri: 'stdin', path: null };
      continue;
    }
    const abs = resolve(cwd, input);
    let s;
    try {
      s = await stat(abs);
    } catch (e) {
      throw new InputError(`cannot read ${input}: ${errorCode(e)}`);
    }
    if (s.isDirectory()) yield* walk(abs, cwd);
    else yield sourceOf(abs, cwd);
  }
}

/**
 * Bytes [start, end) of a file (to its end by default), read synchronously READ_CHUNK_BYTES at a
 * time into one buffer. Each chunk yielded is valid only until the next is asked for: decode it
 * first (textChunks does).
 */
export function* readFileChunks(path: string, start = 0, end = Infinity): Generator<Buffer, void, undefined> {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    for (let pos = start; pos < end; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, end - pos), pos);
      if (n === 0) return;
      pos += n;
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** Bytes of a source: a stream, or the chunks of a plain file read synchronously. */
export type ByteSource = Readable | Generator<Buffer, void, undefined>;

/** Stops reading a source early (a binary file). */
export function closeSource(s: ByteSource): void {
  if (s instanceof Readable) s.destroy();
  else s.return();
}

/** Opens a source as bytes, gunzipped when it starts with the gzip magic bytes. */
export async function openSource(src: Source, stdin: () => Readable): Promise<ByteSource> {
  if (src.path === null) return sniffGzip(stdin());
  let fh: FileHandle;
  try {
    fh = await open(src.path, 'r');
  } catch (e) {
    throw new InputError(`cannot read ${src.name}: ${errorCode(e)}`);
  }
  const magic = Buffer.alloc(2);
  let got = 0;
  try {
    got = (await fh.read(magic, 0, 2, 0)).bytesRead;
  } catch (e) {
    await fh.close();
    throw new InputError(`cannot read ${src.name}: ${errorCode(e)}`);
  }
  if (got === 2 && magic[0] === 0x1f && magic[1] === 0x8b) {
    return fh.createReadStream({ highWaterMark: 64 * 1024, start: 0 }).pipe(createGunzip({ chunkSize: TEXT_CHUNK_BYTES }));
  }
  await fh.close();
  return readFileChunks(src.path);
}

/** Standard input: gunzipped on the fly when its first bytes are the gzip magic bytes. */
async function sniffGzip(stream: Readable): Promise<Readable> {
  const it = stream[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done ? Buffer.alloc(0) : Buffer.isBuffer(first.value) ? first.value : Buffer.from(String(first.value));
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield Buffer.isBuffer(r.value) ? r.value : Buffer.from(String(r.value));
    }
  }
  const joined = Readable.from(all(), { objectMode: false });
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return joined.pipe(createGunzip({ chunkSize: TEXT_CHUNK_BYTES }));
  return joined;
}
