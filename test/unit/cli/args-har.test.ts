import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/args';
import { harEntries, harEntrySpans, harEntryToRequest, looksLikeHar, UNKNOWN_PAGE_ORIGIN } from '../../../src/cli/har';
import { baselineKey, parseBaseline, parseIgnoreFile } from '../../../src/cli/suppress';

const DEFAULTS = { format: 'text', report: 'warning', failOn: 'warning', mercadoPagoHosts: [], baseline: null, ignoreFile: null, threads: null };

describe('parseArgs (node:util parseArgs)', () => {
  it('reads options in both spellings, with defaults, and several inputs', () => {
    expect(parseArgs(['x.log'])).toEqual({ kind: 'run', options: { ...DEFAULTS, inputs: ['x.log'] } });
    expect(
      parseArgs(['--format=json', '--fail-on', 'critical', '--report', 'info', '--mp-host', '127.0.0.1:8787', '--baseline', 'b.json', '--ignore-file=i', '--threads', '2', 'logs/', '-']),
    ).toEqual({
      kind: 'run',
      options: { format: 'json', failOn: 'critical', report: 'info', mercadoPagoHosts: ['127.0.0.1:8787'], baseline: 'b.json', ignoreFile: 'i', threads: 2, inputs: ['logs/', '-'] },
    });
    expect(parseArgs(['--', '--weird-name.log'])).toMatchObject({ options: { inputs: ['--weird-name.log'] } });
    expect(parseArgs(['-h'])).toEqual({ kind: 'help' });
    expect(parseArgs(['--version'])).toEqual({ kind: 'version' });
  });
  it('explains usage errors without echoing long arguments', () => {
    const e = parseArgs([`--${'A'.repeat(80)}`, '-']);
    expect(e.kind).toBe('error');
    expect(e.kind === 'error' && e.message.length).toBeLessThan(60);
    for (const bad of [['--format', 'yaml', '-'], ['--fail-on=never', '-'], ['--report=loud', '-'], [], ['-', '-'], ['--baseline'], ['-x', 'a']]) {
      expect(parseArgs(bad), bad.join(' ')).toMatchObject({ kind: 'error' });
    }
  });
});

describe('HAR entries', () => {
  it('rejects documents without log.entries', () => {
    expect(harEntries({})).toBeNull();
    expect(harEntries({ log: { entries: {} } })).toBeNull();
    expect(harEntries({ log: { entries: [] } })).toEqual([]);
  });
  it('maps an entry to a request: initiator, body, redirect', () => {
    const req = harEntryToRequest({
      _initiator: { type: 'script', url: 'https://shop.example/app.js' },
      request: { method: 'POST', url: 'https://api.mercadopago.com/x', headers: [{ name: 'Origin', value: 'null' }, { name: 'X', value: 1 }], postData: { text: 'a=1', params: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }] } },
      response: { headers: [], redirectURL: 'https://shop.example/done' },
    });
    expect(req).toEqual({
      url: 'https://api.mercadopago.com/x',
      method: 'POST',
      initiator: 'https://shop.example',
      requestHeaders: [{ name: 'Origin', value: 'null' }, { name: 'X', value: '' }],
      requestBody: { raw: 'a=1', formData: { a: ['1', '2'] } },
      responseHeaders: [{ name: 'Location', value: 'https://shop.example/done' }],
    });
  });
  it('a request whose page is not recorded comes from an unknown web page', () => {
    expect(harEntryToRequest({ request: { url: 'https://api.mercadopago.com/x' } })?.initiator).toBe(UNKNOWN_PAGE_ORIGIN);
  });
  it('form data has no prototype: __proto__ and constructor are plain names', () => {
    const req = harEntryToRequest({ request: { url: 'https://x.example/', postData: { params: [{ name: '__proto__', value: 'a' }, { name: 'constructor', value: 'b' }] } } });
    const form = req!.requestBody!.formData!;
    expect(Object.getPrototypeOf(form)).toBeNull();
    expect(Object.keys(form)).toEqual(['__proto__', 'constructor']);
    expect(form['__proto__']).toEqual(['a']);
  });
  it('skips malformed entries', () => {
    for (const e of [null, 1, 'x', {}, { request: {} }, { request: { url: 5 } }]) expect(harEntryToRequest(e)).toBeNull();
  });
});

describe('harEntrySpans', () => {
  const spansOf = (text: string, max = 100) => {
    const s = harEntrySpans(text, max);
    return typeof s === 'string' ? s : s.map(([a, b]) => JSON.parse(text.slice(a, b)) as unknown);
  };
  it('finds each entry of log.entries, whatever the strings and nesting around it', () => {
    const doc = {
      '"entries"': [1],
      log: {
        pages: [{ entries: [{ x: 1 }] }],
        comment: 'brackets ] } [ { and "quotes" \\ and "entries": [',
        entries: [{ a: '}', b: [1, { c: '"]' }] }, null, 'x', 3, { d: {} }],
        creator: {},
      },
    };
    expect(spansOf(JSON.stringify(doc))).toEqual(doc.log.entries);
    expect(spansOf(`\uFEFF${JSON.stringify(doc, null, 2)}`)).toEqual(doc.log.entries);
    expect(spansOf('{"log":{"entries":[]}}')).toEqual([]);
  });
  it('reports a broken structure, missing entries and too many entries', () => {
    expect(spansOf('{"log":{"entries":[{"a":1}')).toMatch(/ends early/);
    expect(spansOf('{"log":{"entries":[{"a":"1]}')).toMatch(/unterminated string/);
    expect(spansOf('{"log":{"entries":[}]}')).toMatch(/unbalanced/);
    expect(spansOf('{"log":{"pages":[]}}')).toMatch(/log\.entries is missing/);
    expect(spansOf('{"log":{"entries":{}}}')).toMatch(/log\.entries is missing/);
    expect(spansOf('{"log":{"entries":[1,2,3]}}', 2)).toBe('HAR has more than 2 entries; export fewer requests or split the file');
  });
});

describe('looksLikeHar', () => {
  it('tells a HAR from JSON-lines logs', () => {
    expect(looksLikeHar('{\n  "log": {\n    "version": "1.2",\n    "entries": [')).toBe(true);
    expect(looksLikeHar('{"log":{"version":"1.2","entries":[]}}\n')).toBe(true);
    expect(looksLikeHar('{"log":"GET / 200\\n","stream":"stdout","time":"2024-05-01T00:00:00Z"}\n{"log":"x"}\n')).toBe(false);
    expect(looksLikeHar('{"log":{"level":"info"},"msg":"ok"}\n{"log":{"level":"warn"}}\n')).toBe(false);
    expect(looksLikeHar('GET /x 200\n')).toBe(false);
  });
});

describe('ignore file and baseline parsing', () => {
  it('ignore file: fingerprints, fingerprint:location, comments; bad lines named', () => {
    const l = parseIgnoreFile('# c\n0123456789abcdef\n\nFEDCBA9876543210:query # why\n', 'f');
    expect(typeof l !== 'string' && [[...l.all], [...l.at]]).toEqual([['0123456789abcdef'], ['fedcba9876543210:query']]);
    expect(parseIgnoreFile('0123456789abcdef:nowhere\n', 'f')).toBe('f line 1: expected a 16-hex fingerprint, optionally followed by :location');
  });
  it('baseline: JSON lines of a report', () => {
    const f = { fingerprint: '0123456789abcdef', rule: 'mp-access-token', location: 'query', param: 'access_token' };
    const b = parseBaseline(`${JSON.stringify(f)}\n`, 'b');
    expect(typeof b !== 'string' && b.has(baselineKey(f))).toBe(true);
    expect(parseBaseline('{"x":1}\n', 'b')).toMatch(/^b line 1:/);
  });
});
