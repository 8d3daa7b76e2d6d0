/**
 * The `scan` command line, run in process (the same `run` the built script calls) on generated
 * fixture files, directories, gzip files and standard input.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAccessToken, fakeClientSecret, fakeJwt, fakePublicKey, fakeTg } from '../leaks/fake';
import { type Result, jsonLines, scanIn, summaryOf } from './helpers';

const AT = fakeAccessToken(1);
const TG = fakeTg(2);
const CS = fakeClientSecret(3);
const JWT = fakeJwt(4);
const PK = fakePublicKey(5);
const AT2 = fakeAccessToken(6);
const SECRETS = [AT, TG, CS, JWT, AT2];

let dir = '';
const file = (name: string) => join(dir, name);
const scan = (args: string[], stdin?: string | Buffer) => scanIn(args, { cwd: dir, ...(stdin === undefined ? {} : { stdin }) });

const LOG = [
  '2024-05-01 GET https://shop.example/products?page=2 200',
  `2024-05-01 GET https://api.mercadopago.com/v1/payments/search?access_token=${AT}&limit=1 200`,
  'nothing to see here',
  `2024-05-01 POST /oauth/token body={"grant_type":"refresh_token","refresh_token":"${TG}"}`,
  `2024-05-01 GET https://shop.example/checkout?public_key=${PK} 200`,
].join('\r\n');

const HAR = {
  log: {
    version: '1.2',
    creator: { name: 'test', version: '1' },
    entries: [
      { request: { method: 'GET', url: 'https://shop.example/', headers: [] }, response: { status: 200, headers: [] } },
      {
        request: {
          method: 'POST',
          url: 'https://api.mercadopago.com/v1/payments',
          headers: [
            { name: 'Origin', value: 'https://shop.example' },
            { name: 'Authorization', value: `Bearer ${AT}` },
          ],
        },
        response: { status: 201, headers: [] },
      },
      {
        request: {
          method: 'POST',
          url: 'https://api.mercadopago.com/oauth/token',
          headers: [],
          postData: { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'client_secret', value: CS }], text: `client_id=1&client_secret=${CS}` },
        },
        response: { status: 200, headers: [] },
      },
      { request: { method: 'GET', url: `https://partner.example/api?access_token=${JWT}`, headers: [] }, response: { status: 200, headers: [] } },
      {
        request: { method: 'GET', url: 'https://auth.mercadopago.com/authorization?client_id=1', headers: [] },
        response: { status: 302, headers: [{ name: 'Location', value: `https://shop.example/cb?code=${TG}&state=x` }], redirectURL: '' },
      },
    ],
  },
};

function noSecrets(r: Result): void {
  for (const s of SECRETS) {
    expect(r.stdout).not.toContain(s);
    expect(r.stderr).not.toContain(s);
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scan-cli-'));
  writeFileSync(file('app.log'), LOG);
  writeFileSync(file('clean.log'), 'hello\nworld\n');
  writeFileSync(file('traffic.har'), JSON.stringify(HAR, null, 2));
  writeFileSync(file('broken.har'), JSON.stringify(HAR).slice(0, 300));
  writeFileSync(file('nolog.har'), JSON.stringify({ log: { version: '1.2', pages: [] } }));
  writeFileSync(file('warn.log'), `https://partner.example/?access_token=${JWT}\n`);
  writeFileSync(file('long.log'), `${'a'.repeat(150_000)} ${AT} ${'b'.repeat(150_000)} refresh_token=${TG}\nnext ${AT}\n`);
  mkdirSync(file('empty'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('scan CLI: formats', () => {
  it('text: one block per finding with file and line, exit 1', async () => {
    const r = await scan(['app.log']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('app.log: line 2: CRITICAL Mercado Pago access token in query (access_token): APP_USR-');
    expect(r.stdout).toContain('app.log: line 4: CRITICAL Mercado Pago refresh token in body (refresh_token): TG-');
    // --report warning (the default): the public key is counted, not printed.
    expect(r.stdout).not.toContain('public key');
    expect(summaryOf(r).slice(5, 8)).toEqual(['2', '0', '1']);
    noSecrets(r);
  });
  it('json: one object per finding per line with the contract fields and the file', async () => {
    const r = await scan(['--format', 'json', '--report', 'info', file('app.log')]);
    expect(r.code).toBe(1);
    const lines = jsonLines(r);
    expect(lines.map((l) => [l.line, l.kind, l.severity])).toEqual([
      [2, 'access_token', 'critical'],
      [4, 'refresh_token', 'critical'],
      [5, 'public_key', 'info'],
    ]);
    for (const l of lines) {
      expect(l.file).toBe('app.log');
      for (const k of ['severity', 'kind', 'location', 'param', 'masked', 'fingerprint', 'fix', 'line']) expect(l).toHaveProperty(k);
    }
    noSecrets(r);
  });
});

describe('scan CLI: --report levels and the summary line', () => {
  it('prints only findings of at least --report; the summary counts every severity', async () => {
    const all = jsonLines(await scan(['--format', 'json', '--report', 'info', 'app.log', 'warn.log']));
    expect(all.map((l) => l.severity)).toEqual(['critical', 'critical', 'info', 'warning']);
    const warning = await scan(['--format', 'json', 'app.log', 'warn.log']);
    expect(jsonLines(warning).map((l) => l.severity)).toEqual(['critical', 'critical', 'warning']);
    const critical = await scan(['--format', 'json', '--report', 'critical', '--fail-on', 'critical', 'app.log', 'warn.log']);
    expect(jsonLines(critical).map((l) => l.severity)).toEqual(['critical', 'critical']);
    for (const r of [warning, critical]) {
      const m = summaryOf(r);
      expect([m[1], m[5], m[6], m[7]]).toEqual(['2', '2', '1', '1']);
    }
    expect(summaryOf(critical)[8]).toBe('critical and above');
  });
  it('what fails the run is always printed, even below --report', async () => {
    const r = await scan(['--format', 'json', '--report', 'critical', 'warn.log']);
    expect(r.code).toBe(1);
    expect(jsonLines(r).map((l) => l.severity)).toEqual(['warning']);
  });
  it('the summary is one line on stderr: files, MB, MB/s, counts, suppressed', async () => {
    const r = await scan(['clean.log', 'app.log']);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    const m = summaryOf(r);
    expect(m[1]).toBe('2');
    expect(Number(m[2])).toBeGreaterThanOrEqual(0);
    expect([m[9], m[10], m[11]]).toEqual(['0', '0', '0']);
  });
});

describe('scan CLI: inputs', () => {
  it('directories: recursive, sorted, node_modules/.git and binary files skipped; findings carry the path', async () => {
    const root = file('tree');
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    mkdirSync(join(root, 'node_modules', 'x'), { recursive: true });
    mkdirSync(join(root, '.git'), { recursive: true });
    writeFileSync(join(root, 'a', 'b', 'deep.log'), `GET /x?access_token=${AT} 200\n`);
    writeFileSync(join(root, 'top.txt'), `token: refresh_token=${TG}\n`);
    writeFileSync(join(root, 'node_modules', 'x', 'skip.log'), `GET /x?access_token=${AT2}\n`);
    writeFileSync(join(root, '.git', 'skip.log'), `GET /x?access_token=${AT2}\n`);
    writeFileSync(join(root, 'image.bin'), Buffer.concat([Buffer.from([0x89, 0x50, 0, 0, 1]), Buffer.from(`?access_token=${AT2}`)]));
    const r = await scan(['--format', 'json', 'tree']);
    expect(r.code).toBe(1);
    expect(jsonLines(r).map((l) => [l.file, l.line, l.kind])).toEqual([
      ['tree/a/b/deep.log', 1, 'access_token'],
      ['tree/top.txt', 1, 'refresh_token'],
    ]);
    const m = summaryOf(r);
    expect(m[1]).toBe('2');
    expect(m[12]).toBe('1');
    noSecrets(r);
  });
  it('an empty directory scans nothing and exits 0', async () => {
    const r = await scan(['empty']);
    expect(r.code).toBe(0);
    expect(summaryOf(r)[1]).toBe('0');
  });
  it('gzip files (rotated logs), by their magic bytes, from a path or stdin', async () => {
    writeFileSync(file('access.log.1.gz'), gzipSync(Buffer.from(LOG)));
    writeFileSync(file('rotated'), gzipSync(Buffer.from(LOG)));
    const r = await scan(['--format', 'json', 'access.log.1.gz', 'rotated']);
    expect(jsonLines(r).map((l) => [l.file, l.line])).toEqual([
      ['access.log.1.gz', 2],
      ['access.log.1.gz', 4],
      ['rotated', 2],
      ['rotated', 4],
    ]);
    const s = await scan(['--format', 'json', '-'], gzipSync(Buffer.from(LOG)));
    expect(jsonLines(s).map((l) => [l.file, l.line])).toEqual([
      ['stdin', 2],
      ['stdin', 4],
    ]);
    // The summary counts the bytes scanned (decompressed).
    expect(Number(summaryOf(s)[2])).toBeCloseTo(LOG.length / 1e6, 1);
    noSecrets(r);
  });
  it('reads text from standard input', async () => {
    const r = await scan(['--format', 'json', '-'], `x\nGET /cb?refresh_token=${TG}\n`);
    expect(r.code).toBe(1);
    expect(jsonLines(r)[0]).toMatchObject({ file: 'stdin', line: 2, kind: 'refresh_token', location: 'query' });
  });
  it('JSON-lines logs (Docker json-file) are text, not HAR', async () => {
    const docker = [
      JSON.stringify({ log: 'GET /health 200\n', stream: 'stdout', time: '2024-05-01T00:00:00Z' }),
      JSON.stringify({ log: `GET /x?access_token=${AT} 200\n`, stream: 'stdout', time: '2024-05-01T00:00:01Z' }),
      JSON.stringify({ log: { level: 'info', msg: 'structured' }, stream: 'stderr' }),
    ].join('\n');
    writeFileSync(file('container-json.log'), `${docker}\n`);
    const r = await scan(['--format', 'json', 'container-json.log']);
    expect(r.code).toBe(1);
    expect(jsonLines(r).map((l) => [l.line, l.kind])).toEqual([[2, 'access_token']]);
    noSecrets(r);
  });
  it('scans very long lines in windows and keeps line numbers', async () => {
    const r = await scan(['--format', 'json', 'long.log']);
    expect(jsonLines(r).map((l) => [l.line, l.kind])).toEqual([
      [1, 'access_token'],
      [1, 'refresh_token'],
      [2, 'access_token'],
    ]);
  });
  it('streams an unterminated line of any length from stdin in bounded windows', async () => {
    const huge = `${'x'.repeat(300_000)} ${AT} ${'y'.repeat(300_000)} refresh_token=${TG} ${AT}`;
    const r = await scan(['--format', 'json', '-'], huge);
    expect(jsonLines(r).map((l) => [l.line, l.kind])).toEqual([
      [1, 'access_token'],
      [1, 'refresh_token'],
    ]);
    noSecrets(r);
  });
});

describe('scan CLI: suppression', () => {
  it('ignore file: fingerprints (everywhere, or :location), comments; default file in the working directory', async () => {
    const first = jsonLines(await scan(['--format', 'json', 'app.log']));
    const atFp = first.find((l) => l.kind === 'access_token')!.fingerprint as string;
    const tgFp = first.find((l) => l.kind === 'refresh_token')!.fingerprint as string;
    writeFileSync(file('ignore.txt'), `# reviewed 2024-05-01\n${atFp}  # rotated already\n${tgFp}:query\n`);
    const r = await scan(['--format', 'json', '--ignore-file', 'ignore.txt', 'app.log']);
    // The refresh token is in a body here, not a query: only the access token is ignored.
    expect(jsonLines(r).map((l) => l.kind)).toEqual(['refresh_token']);
    expect(summaryOf(r)[10]).toBe('1');

    const sub = join(dir, 'withignore');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, '.mp-credential-scan-ignore'), `${atFp}\n${tgFp}:body\n`);
    writeFileSync(join(sub, 'app.log'), LOG);
    const d = await scanIn(['--format', 'json', 'app.log'], { cwd: sub });
    expect(d.code).toBe(0);
    expect(d.stdout).toBe('');
    expect(summaryOf(d)[10]).toBe('2');
  });
  it('an info finding that is not printed is still matched against the ignore file and the baseline', async () => {
    // Below --report the engine does not display findings, and hashes them only when an ignore
    // file or a baseline needs their fingerprints: these counts prove it still does then.
    const all = jsonLines(await scan(['--format', 'json', '--report', 'info', 'app.log']));
    const pk = all.find((l) => l.kind === 'public_key')!;
    expect(pk.severity).toBe('info');
    const plain = summaryOf(await scan(['app.log']));
    expect([plain[7], plain[10]]).toEqual(['1', '0']);
    writeFileSync(file('ignore-pk.txt'), `${pk.fingerprint as string}\n`);
    const ignored = summaryOf(await scan(['--ignore-file', 'ignore-pk.txt', 'app.log']));
    expect([ignored[7], ignored[10]]).toEqual(['0', '1']);
    writeFileSync(file('baseline-pk.json'), `${JSON.stringify(pk)}\n`);
    const baselined = summaryOf(await scan(['--baseline', 'baseline-pk.json', 'app.log']));
    expect([baselined[7], baselined[9]]).toEqual(['0', '1']);
  });
  it('ignore file errors: exit 2 with one line', async () => {
    writeFileSync(file('bad-ignore.txt'), `not-a-fingerprint\n`);
    for (const args of [['--ignore-file', 'bad-ignore.txt', 'app.log'], ['--ignore-file', 'missing-ignore.txt', 'app.log']]) {
      const r = await scan(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
  it('baseline: an old finding passes, a new one fails', async () => {
    const old = await scan(['--format', 'json', '--report', 'info', 'app.log']);
    writeFileSync(file('baseline.json'), old.stdout);
    const same = await scan(['--baseline', 'baseline.json', 'app.log']);
    expect(same.code).toBe(0);
    expect(same.stdout).toBe('');
    expect(summaryOf(same)[9]).toBe('3');

    // The same log, grown by one new leak and moved around: only the new one fails.
    writeFileSync(file('app2.log'), `${LOG}\r\nGET /y?access_token=${AT2} 200\r\n`);
    const grown = await scan(['--format', 'json', '--baseline', 'baseline.json', 'app2.log']);
    expect(grown.code).toBe(1);
    const lines = jsonLines(grown);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ line: 6, kind: 'access_token' });
    expect(summaryOf(grown)[9]).toBe('3');

    // A SARIF report is accepted as a baseline too.
    const sarif = await scan(['--format', 'sarif', '--report', 'info', 'app.log']);
    writeFileSync(file('baseline.sarif'), sarif.stdout);
    expect((await scan(['--baseline', 'baseline.sarif', 'app.log'])).code).toBe(0);
    expect((await scan(['--baseline', 'baseline.sarif', 'app2.log'])).code).toBe(1);
  });
  it('baseline errors: exit 2 with one line', async () => {
    writeFileSync(file('not-a-report.json'), 'hello\n');
    for (const args of [['--baseline', 'not-a-report.json', 'app.log'], ['--baseline', 'missing.json', 'app.log']]) {
      const r = await scan(args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
  it('inline allow marker: that line is not reported; other lines are', async () => {
    writeFileSync(
      file('allowed.log'),
      `GET /x?access_token=${AT} 200 # mp-credential-scan:allow (revoked test token)\nok\nGET /y?access_token=${AT2} 200\n`,
    );
    const r = await scan(['--format', 'json', 'allowed.log']);
    expect(r.code).toBe(1);
    expect(jsonLines(r).map((l) => l.line)).toEqual([3]);
    expect(summaryOf(r)[11]).toBe('1');
    writeFileSync(file('allowed-only.log'), `const t = "${AT}"; // mp-credential-scan:allow\n`);
    expect((await scan(['allowed-only.log'])).code).toBe(0);
  });
  it('HAR: an entry whose comment holds the marker is not reported', async () => {
    const har = structuredClone(HAR);
    (har.log.entries[1] as Record<string, unknown>).comment = 'mp-credential-scan:allow';
    const r = await scan(['--format', 'json', '-'], JSON.stringify(har));
    expect(jsonLines(r).map((l) => l.entry)).toEqual([2, 3]);
    expect(summaryOf(r)[11]).toBe('1');
  });
});

describe('scan CLI: HAR input', () => {
  it('reports per entry index, with the Authorization and body rules', async () => {
    const r = await scan(['--format', 'json', '--report', 'info', 'traffic.har']);
    expect(r.code).toBe(1);
    expect(jsonLines(r).map((l) => [l.entry, l.kind, l.location])).toEqual([
      [1, 'access_token', 'authorization'],
      [2, 'client_secret', 'body'],
      [3, 'bearer_token', 'query'],
      [4, 'authorization_code', 'location'],
    ]);
    noSecrets(r);
  });
  it('an Authorization header sent to Mercado Pago is frontend exposure even without Origin, Referer or initiator; a public key stays info', async () => {
    const har = {
      log: {
        entries: [
          { request: { method: 'GET', url: 'https://api.mercadopago.com/v1/payments/search', headers: [{ name: 'Authorization', value: `Bearer ${AT}` }] } },
          { request: { method: 'GET', url: 'https://api.mercadopago.com/v1/payment_methods', headers: [{ name: 'authorization', value: `Bearer ${PK}` }] } },
          // Mercado Pago's own pages calling its API are not an integrator's frontend.
          {
            request: {
              method: 'GET',
              url: 'https://api.mercadopago.com/users/me',
              headers: [
                { name: 'Origin', value: 'https://www.mercadopago.com.ar' },
                { name: 'Authorization', value: `Bearer ${AT2}` },
              ],
            },
          },
        ],
      },
    };
    const r = await scan(['--format', 'json', '--report', 'info', '-'], JSON.stringify(har));
    expect(jsonLines(r).map((l) => [l.entry, l.kind, l.location, l.severity, l.fixId])).toEqual([
      [0, 'access_token', 'authorization', 'critical', 'move_call_to_backend'],
      [1, 'public_key', 'authorization', 'info', 'public_key_ok'],
    ]);
    noSecrets(r);
  });
  it('form parameters named __proto__ or constructor do not abort the scan', async () => {
    const har = {
      log: {
        entries: [
          {
            request: {
              method: 'POST',
              url: 'https://shop.example/login',
              postData: {
                mimeType: 'application/x-www-form-urlencoded',
                params: [
                  { name: '__proto__', value: 'x' },
                  { name: 'constructor', value: 'y' },
                  { name: 'hasOwnProperty', value: 'z' },
                  { name: 'client_secret', value: CS },
                ],
              },
            },
          },
        ],
      },
    };
    const r = await scan(['--format', 'json', '-'], JSON.stringify(har));
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/error/);
    expect(jsonLines(r).map((l) => [l.entry, l.kind, l.param])).toEqual([[0, 'client_secret', 'client_secret']]);
  });
  it('caps the entries of a HAR (exit 2, one line) before printing anything', async () => {
    const many = { log: { entries: Array.from({ length: 50 }, (_, i) => ({ request: { url: `https://shop.example/${i}?access_token=${AT}` } })) } };
    const r = await scanIn(['-'], { cwd: dir, stdin: JSON.stringify(many), limits: { maxHarEntries: 49 } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('scan: HAR has more than 49 entries; export fewer requests or split the file\n');
    const ok = await scanIn(['--format', 'json', '-'], { cwd: dir, stdin: JSON.stringify(many), limits: { maxHarEntries: 50 } });
    expect(jsonLines(ok)).toHaveLength(50);
  });
  it('caps the size of a HAR (exit 2, one line)', async () => {
    const r = await scanIn(['traffic.har'], { cwd: dir, limits: { maxHarChars: 1024 } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^scan: HAR input is larger than/)]);
  });
  it('malformed HAR: exit 2 with one line on stderr', async () => {
    const r = await scan(['broken.har']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^scan: malformed HAR/);
    noSecrets(r);
  });
  it('HAR without log.entries: exit 2', async () => {
    const r = await scan(['nolog.har']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/log\.entries/);
  });
});

describe('scan CLI: Mercado Pago credential shapes from its sample code', () => {
  // Application ids of 15 and 16 digits; the legacy infix segment in the letter variants seen in
  // Mercado Pago's samples (LA_LB, LA_LD, LB_LC, LC_LA, LC_LB, LD_LC).
  const VARIANTS = ['', '__LA_LB__', '__LA_LD__', '__LB_LC__', '__LC_LA__', '__LC_LB__', '__LD_LC__'];
  const tokens = [15, 16].flatMap((appIdDigits, a) =>
    VARIANTS.flatMap((legacy, v) =>
      (['APP_USR', 'TEST'] as const).map((prefix, p) => fakeAccessToken(100 + a * 100 + v * 10 + p, { prefix, appIdDigits, legacy })),
    ),
  );
  it('every shape is found in a log line, a source line and a HAR Authorization header, and masked', async () => {
    const text = tokens.map((t, i) => (i % 2 ? `GET /v1/payments?access_token=${t} 200` : `MercadoPago.SDK.setAccessToken("${t}");`)).join('\n');
    const r = await scan(['--format', 'json', '-'], text);
    const lines = jsonLines(r);
    expect(lines.map((l) => l.line)).toEqual(tokens.map((_, i) => i + 1));
    expect(lines.every((l) => l.kind === 'access_token' && l.severity === 'critical')).toBe(true);
    const har = { log: { entries: tokens.map((t) => ({ request: { url: 'https://api.mercadopago.com/v1/payments', headers: [{ name: 'Authorization', value: `Bearer ${t}` }] } })) } };
    const h = await scan(['--format', 'json', '-'], JSON.stringify(har));
    expect(jsonLines(h).map((l) => l.entry)).toEqual(tokens.map((_, i) => i));
    for (const t of tokens) {
      expect(r.stdout).not.toContain(t);
      expect(h.stdout).not.toContain(t);
    }
  });
});

describe('scan CLI: exit codes and errors', () => {
  it('--fail-on decides the exit status (0 nothing reached it, 1 something did)', async () => {
    expect((await scan(['warn.log'])).code).toBe(1);
    expect((await scan(['--fail-on', 'critical', 'warn.log'])).code).toBe(0);
    expect((await scan(['--fail-on', 'info', '-'], `pk=${PK}\n`)).code).toBe(1);
    const clean = await scan(['clean.log']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('');
  });
  it('usage and input errors: exit 2 with one line on stderr', async () => {
    for (const args of [['missing.log'], ['--format', 'xml', '-'], ['--bogus', '-'], [], ['-', '-'], ['--fail-on'], ['--report', 'all', '-'], ['--threads', '0', '-']]) {
      const r = await scan(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^scan: /);
    }
  });
  it('--help prints the usage and exits 0', async () => {
    const r = await scan(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: mp-credential-scan \[options\] <path\|->\.\.\./);
    expect(r.stdout).toContain('--baseline');
  });
});
