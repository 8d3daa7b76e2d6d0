/**
 * The `scan` command line, spawned as users and CI run it (node + tsx, no build step), on
 * generated fixture files and on standard input.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeAccessToken, fakeClientSecret, fakeJwt, fakePublicKey, fakeTg } from '../leaks/fake';

const ROOT = process.cwd();
const AT = fakeAccessToken(1);
const TG = fakeTg(2);
const CS = fakeClientSecret(3);
const JWT = fakeJwt(4);
const PK = fakePublicKey(5);
const SECRETS = [AT, TG, CS, JWT];

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function scan(args: string[], stdin?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/scan.ts', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

let dir = '';
const file = (name: string) => join(dir, name);

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

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scan-cli-'));
  writeFileSync(file('app.log'), LOG);
  writeFileSync(file('clean.log'), 'hello\nworld\n');
  writeFileSync(file('traffic.har'), JSON.stringify(HAR, null, 2));
  writeFileSync(file('broken.har'), JSON.stringify(HAR).slice(0, 300));
  writeFileSync(file('nolog.har'), JSON.stringify({ log: { version: '1.2', pages: [] } }));
  writeFileSync(file('warn.log'), `https://partner.example/?access_token=${JWT}\n`);
  writeFileSync(file('long.log'), `${'a'.repeat(150_000)} ${AT} ${'b'.repeat(150_000)} refresh_token=${TG}\nnext ${AT}\n`);
  mkdirSync(file('adir'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function noSecrets(r: Result): void {
  for (const s of SECRETS) {
    expect(r.stdout).not.toContain(s);
    expect(r.stderr).not.toContain(s);
  }
}

describe('scan CLI: formats', () => {
  it('text: one block per finding, a summary, exit 1', async () => {
    const r = await scan([file('app.log')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('line 2: CRITICAL Mercado Pago access token in query (access_token): APP_USR-');
    expect(r.stdout).toContain('line 4: CRITICAL Mercado Pago refresh token in body (refresh_token): TG-');
    expect(r.stdout).toContain('line 5: INFO Mercado Pago public key in query (public_key)');
    expect(r.stdout.trim().split('\n').pop()).toBe('3 findings: 2 critical, 0 warning, 1 info');
    expect(r.stderr).toBe('');
    noSecrets(r);
  });
  it('json: one object per finding per line with the contract fields', async () => {
    const r = await scan(['--format', 'json', file('app.log')]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.line, l.kind, l.severity])).toEqual([
      [2, 'access_token', 'critical'],
      [4, 'refresh_token', 'critical'],
      [5, 'public_key', 'info'],
    ]);
    for (const l of lines) {
      for (const k of ['severity', 'kind', 'location', 'param', 'masked', 'fingerprint', 'fix', 'line']) expect(l).toHaveProperty(k);
    }
    noSecrets(r);
  });
  it('sarif: a valid SARIF 2.1.0 document with relative artifact URI', async () => {
    const r = await scan(['--format=sarif', 'app.log'].map((a) => (a === 'app.log' ? file('app.log') : a)));
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.results).toHaveLength(3);
    expect(run.results[0].locations[0].physicalLocation.region.startLine).toBe(2);
    expect(run.results[0].ruleId).toBe(run.tool.driver.rules[run.results[0].ruleIndex].id);
    expect(run.artifacts[0].location.uri).toMatch(/app\.log$/);
    noSecrets(r);
  });
});

describe('scan CLI: HAR input', () => {
  it('reports per entry index, with the Authorization and body rules', async () => {
    const r = await scan(['--format', 'json', file('traffic.har')]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.entry, l.kind, l.location])).toEqual([
      [1, 'access_token', 'authorization'],
      [2, 'client_secret', 'body'],
      [3, 'bearer_token', 'query'],
      [4, 'authorization_code', 'location'],
    ]);
    noSecrets(r);
  });
  it('reads a HAR from standard input and puts entries in SARIF logical locations', async () => {
    const r = await scan(['--format', 'sarif', '-'], JSON.stringify(HAR));
    expect(r.code).toBe(1);
    const run = JSON.parse(r.stdout).runs[0];
    expect(run.artifacts[0].location.uri).toBe('stdin');
    expect(run.results[0].locations[0].logicalLocations[0].fullyQualifiedName).toBe('log.entries[1]');
  });
  it('malformed HAR: exit 2 with one line on stderr', async () => {
    const r = await scan([file('broken.har')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^scan: malformed HAR/);
    noSecrets(r);
  });
  it('HAR without log.entries: exit 2', async () => {
    const r = await scan([file('nolog.har')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/log\.entries/);
  });
});

describe('scan CLI: stdin, exit codes and errors', () => {
  it('reads text from standard input', async () => {
    const r = await scan(['--format', 'json', '-'], `x\nGET /cb?refresh_token=${TG}\n`);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ line: 2, kind: 'refresh_token', location: 'query' });
  });
  it('--fail-on decides the exit status', async () => {
    expect((await scan([file('warn.log')])).code).toBe(1);
    expect((await scan(['--fail-on', 'critical', file('warn.log')])).code).toBe(0);
    const info = await scan(['--fail-on', 'info', '-'], `pk=${PK}\n`);
    expect(info.code).toBe(1);
    const clean = await scan([file('clean.log')]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('No findings.\n');
  });
  it('scans very long lines in windows and keeps line numbers', async () => {
    const r = await scan(['--format', 'json', file('long.log')]);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.line, l.kind])).toEqual([
      [1, 'access_token'],
      [1, 'refresh_token'],
      [2, 'access_token'],
    ]);
  });
  it('streams an unterminated line of any length from stdin in bounded windows', async () => {
    const huge = `${'x'.repeat(300_000)} ${AT} ${'y'.repeat(300_000)} refresh_token=${TG} ${AT}`;
    const r = await scan(['--format', 'json', '-'], huge);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.line, l.kind])).toEqual([
      [1, 'access_token'],
      [1, 'refresh_token'],
    ]);
    noSecrets(r);
  });
  it('usage and input errors: exit 2 with one line on stderr', async () => {
    for (const args of [[file('missing.log')], [file('adir')], ['--format', 'xml', '-'], ['--bogus', '-'], [], ['a', 'b'], ['--fail-on']]) {
      const r = await scan(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^scan: /);
    }
  });
  it('--help prints the usage and exits 0', async () => {
    const r = await scan(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run --silent scan -- \[options\] <file\|->/);
    expect(r.stdout).toContain('--fail-on');
  });
});
