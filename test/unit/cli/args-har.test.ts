import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/args';
import { harEntries, harEntryToRequest } from '../../../src/cli/har';

describe('parseArgs', () => {
  it('reads options in both spellings, with defaults', () => {
    expect(parseArgs(['x.log'])).toEqual({ kind: 'run', options: { format: 'text', failOn: 'warning', input: 'x.log', mercadoPagoHosts: [] } });
    expect(parseArgs(['--format=json', '--fail-on', 'critical', '--mp-host', '127.0.0.1:8787', '-'])).toEqual({
      kind: 'run',
      options: { format: 'json', failOn: 'critical', input: '-', mercadoPagoHosts: ['127.0.0.1:8787'] },
    });
    expect(parseArgs(['--', '--weird-name.log'])).toMatchObject({ options: { input: '--weird-name.log' } });
    expect(parseArgs(['-h'])).toEqual({ kind: 'help' });
  });
  it('explains usage errors without echoing long arguments', () => {
    const e = parseArgs([`--${'A'.repeat(80)}`, '-']);
    expect(e.kind).toBe('error');
    expect(e.kind === 'error' && e.message.length).toBeLessThan(60);
    expect(parseArgs(['--format', 'yaml', '-'])).toMatchObject({ kind: 'error' });
    expect(parseArgs(['--fail-on=never', '-'])).toMatchObject({ kind: 'error' });
    expect(parseArgs([])).toMatchObject({ kind: 'error' });
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
  it('skips malformed entries', () => {
    for (const e of [null, 1, 'x', {}, { request: {} }, { request: { url: 5 } }]) expect(harEntryToRequest(e)).toBeNull();
  });
});
