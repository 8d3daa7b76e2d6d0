import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Finding, fingerprint, scanLines, scanLongLine, scanText } from '../../../src/core/leaks/index';
import { MAX_INPUT_CHARS } from '../../../src/core/leaks/limits';
import { fakeAccessToken, fakeTg } from './fake';

function collect(text: string): { count: number; lines: [number, Finding[]][] } {
  const lines: [number, Finding[]][] = [];
  const count = scanLines(text, (i, fs) => lines.push([i, fs]));
  return { count, lines };
}

describe('scanLines', () => {
  const at = fakeAccessToken(1);
  const tg = fakeTg(2);
  it('reports 0-based line indexes, counts lines, and handles CRLF', () => {
    const r = collect(`a\r\nb ${at}\r\n\r\nc\nrefresh_token=${tg}`);
    expect(r.count).toBe(5);
    expect(r.lines.map(([i, fs]) => [i, fs.map((f) => f.kind)])).toEqual([
      [1, ['access_token']],
      [4, ['refresh_token']],
    ]);
  });
  it('counts lines of text without hints', () => {
    expect(collect('').count).toBe(1);
    expect(collect('x\ny\n').count).toBe(3);
    expect(collect('token\n\n').lines).toEqual([]);
  });
  it('agrees with scanText line by line', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, ' ')),
      fc.constantFrom(`x ${at} y`, `GET /cb?refresh_token=${tg}`, 'csrf_token=abc', `https://s.example/?access_token=${at}&a=1`),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (ls) => {
        const r = collect(ls.join('\n'));
        expect(r.count).toBe(Math.max(1, ls.length));
        const expected = ls.map((l, i) => [i, scanText(l)] as [number, Finding[]]).filter(([, fs]) => fs.length > 0);
        expect(r.lines).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('scanLongLine', () => {
  it('finds credentials anywhere in a line longer than one window, once each', () => {
    const at = fakeAccessToken(3);
    const line = `${'a'.repeat(MAX_INPUT_CHARS - 40)} ${at} ${'b'.repeat(MAX_INPUT_CHARS * 2)} ${at}`;
    const fs = scanLongLine(line);
    expect(fs.map((f) => f.fingerprint)).toEqual([fingerprint(at)]);
    // One window alone misses it (the token straddles its end), and says the line was cut.
    const one = scanText(line);
    expect(one.map((f) => f.kind)).toEqual(['truncated']);
    expect(one[0]!.url).not.toContain(at.slice(0, 12));
  });
});
