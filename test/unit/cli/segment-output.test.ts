/**
 * A segment's output as the threads hand it over (Output in deferred mode: encoded bytes, with the
 * byte offset of each line number left out) merged into the run's output gives the same bytes as
 * writing the findings directly: across the 256 KB buffers, around masks' multi-byte ellipses, in
 * every format.
 */
import { Writable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scanText } from '../../../src/core/leaks/index';
import { type CliOptions, parseArgs } from '../../../src/cli/args';
import { DEFAULT_LIMITS, Output } from '../../../src/cli/stream';
import type { SegmentResult } from '../../../src/cli/parallel';
import type { Source } from '../../../src/cli/inputs';
import { fakeAccessToken, fakeTg } from '../leaks/fake';

const SRC: Source = { name: 'día.log', uri: 'd%C3%ADa.log', path: null };

function optionsFor(format: string): CliOptions {
  const r = parseArgs(['--format', format, '--report', 'info', 'x.log']);
  if (r.kind !== 'run') throw new Error('bad args');
  return r.options;
}

function collector(): { io: ConstructorParameters<typeof Output>[0]; bytes: () => Buffer } {
  const parts: Buffer[] = [];
  const stdout = new Writable({
    write(chunk: Buffer, _e, cb) {
      parts.push(Buffer.from(chunk));
      cb();
    },
  });
  return { io: { stdin: new PassThrough(), stdout, stderr: new PassThrough(), cwd: '/' }, bytes: () => Buffer.concat(parts) };
}

// Lines with findings whose displayed text holds masks (`…`, three bytes in UTF-8) and non-ASCII.
const LINES = Array.from({ length: 1500 }, (_, i) =>
  i % 3 === 0
    ? `GET https://tienda.example/señal?access_token=${fakeAccessToken(i)}&n=${i}`
    : `POST /api/sync?refresh_token=${fakeTg(i)}&city=São+Paulo`,
);
const FINDINGS = LINES.map((l) => scanText(l, { textContext: 'text' }));

describe('a segment handed over by a thread', () => {
  for (const format of ['text', 'json', 'sarif']) {
    it(`merges to the same ${format} output as a direct write, whatever the lines before it`, async () => {
      const options = optionsFor(format);
      const linesBefore = 123_456;
      const direct = collector();
      const d = new Output(direct.io, options, DEFAULT_LIMITS, null, null);
      d.startFile(SRC);
      FINDINGS.forEach((fs, i) => d.add(fs, { line: linesBefore + i + 1 }, false));
      await d.finish();

      const seg = new Output(null, options, DEFAULT_LIMITS, null, null, true);
      seg.startFile(SRC);
      FINDINGS.forEach((fs, i) => seg.add(fs, { line: i + 1 }, false));
      const output = seg.take();
      if (format !== 'sarif') expect(output.chunks.length).toBeGreaterThan(1); // crosses output buffers
      const r: SegmentResult = { seq: 0, lines: LINES.length, bytes: 0, output, counts: seg.counts, max: seg.max, sarif: seg.sarif, sarifDropped: 0 };
      const merged = collector();
      const m = new Output(merged.io, options, DEFAULT_LIMITS, null, null);
      m.startFile(SRC);
      m.merge(r, linesBefore);
      await m.finish();

      expect(merged.bytes().equals(direct.bytes())).toBe(true);
      expect(merged.bytes().length).toBeGreaterThan(0);
      expect(m.counts).toEqual(d.counts);
    });
  }
});
