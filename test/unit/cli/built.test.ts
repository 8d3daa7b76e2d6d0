/**
 * The built command line (vite.cli.config.ts → one plain .mjs, as `npm ci`'s prepare step and
 * `npm run build` produce it), spawned with node as users and CI run it: no tsx, no TypeScript.
 * Also: SARIF output validated against the SARIF 2.1.0 JSON schema, and the JSON-lines writer
 * compared with the report module's objects.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanText, toJsonObject } from '../../../src/core/leaks/index';
import { jsonHead } from '../../../src/cli/format';
import { fakeAccessToken, fakeClientSecret, fakeJwt, fakePublicKey, fakeTg } from '../leaks/fake';
import { jsonLines, scanIn, spawnScript, summaryOf } from './helpers';

const ROOT = process.cwd();
let dir = '';
let script = '';

const AT = fakeAccessToken(21, { appIdDigits: 15, legacy: '__LB_LC__' });
const TG = fakeTg(22);
const PK = fakePublicKey(23);

/** A log of about `mb` MB: mostly benign lines, some public keys, a leak every 997 lines. */
function bigLog(mb: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < mb * 1e6; i++) {
    let l: string;
    if (i % 997 === 5) l = `10.0.0.${i % 250} - - [01/May/2024:00:00:00 +0000] "GET /api/sync?access_token=${fakeAccessToken(1000 + (i % 50))} HTTP/1.1" 200 12 "-" "curl"`;
    else if (i % 13 === 0) l = `10.0.0.${i % 250} - - [01/May/2024:00:00:00 +0000] "GET /v1/installments?public_key=${PK}&amount=${i} HTTP/1.1" 200 12 "-" "Mozilla/5.0"`;
    else l = `10.0.0.${i % 250} - - [01/May/2024:00:00:00 +0000] "GET /static/app.${i}.js?v=${i * 7} HTTP/1.1" 200 ${i % 9000} "https://shop.example/" "Mozilla/5.0"`;
    lines.push(l);
    size += l.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scan-built-'));
  const out = join(dir, 'bin');
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.cli.config.ts', '--outDir', out, '--emptyOutDir'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`CLI build failed: ${r.stderr}`);
  script = join(out, 'scan.mjs');
  writeFileSync(join(dir, 'app.log'), `GET /x?access_token=${AT} 200\nGET /cb?code=${TG}&state=1 200\nGET /pk?public_key=${PK} 200\n`);
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the built scan command', () => {
  it('is plain JavaScript that node runs without tsx, with a shebang for the bin entry', async () => {
    const text = readFileSync(script, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(text).not.toMatch(/from ["']tsx|require\(["']tsx/);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.bin['mp-credential-scan']).toBe('dist-cli/scan.mjs');
    expect(pkg.scripts.scan).toBe('node dist-cli/scan.mjs');
    expect(pkg.scripts.prepare).toContain('vite.cli.config.ts');
    const r = await spawnScript(script, ['--format', 'json', 'app.log'], dir);
    expect(r.code).toBe(1);
    expect(jsonLines(r).map((l) => [l.file, l.line, l.kind])).toEqual([['app.log', 1, 'access_token']]);
    expect(summaryOf(r)[7]).toBe('2');
    expect(r.stdout).not.toContain(AT);
  });
  it('scans a large file on several threads with the same output as on one', async () => {
    writeFileSync(join(dir, 'big.log'), bigLog(9));
    const one = await spawnScript(script, ['--threads', '1', '--format', 'json', '--report', 'info', 'big.log'], dir);
    const three = await spawnScript(script, ['--threads', '3', '--format', 'json', '--report', 'info', 'big.log'], dir);
    const auto = await spawnScript(script, ['big.log'], dir);
    expect(one.code).toBe(1);
    expect(three.stdout).toBe(one.stdout);
    expect(summaryOf(three).slice(5, 8)).toEqual(summaryOf(one).slice(5, 8));
    const lines = jsonLines(one);
    expect(lines.filter((l) => l.kind === 'access_token').map((l) => l.line)).toEqual(
      Array.from({ length: lines.filter((l) => l.kind === 'access_token').length }, (_, k) => 6 + 997 * k),
    );
    expect(auto.code).toBe(1);
    expect(summaryOf(auto)[5]).toBe(summaryOf(one)[5]);
    // SARIF results carry the line numbers each thread made final when its segment was merged.
    const sarifOne = await spawnScript(script, ['--threads', '1', '--format', 'sarif', 'big.log'], dir);
    const sarifTwo = await spawnScript(script, ['--threads', '2', '--format', 'sarif', 'big.log'], dir);
    expect(sarifTwo.stdout).toBe(sarifOne.stdout);
    expect(sarifOne.stdout).toContain(`"startLine": ${6 + 997 * 5}`);
  }, 60_000);
});

describe('SARIF output', () => {
  // The SARIF 2.1.0 schema as shipped by @microsoft/jest-sarif (lib/schemas/sarif-2.1.0-rtm.5.json,
  // MIT), unmodified. It is written for JSON Schema draft-04, whose only keyword here that ajv 8
  // does not take is the top-level `id` (draft-06 renamed it `$id`); one of its patterns needs
  // non-Unicode regular expressions. Formats (uri, date-time) are not checked.
  const schema = JSON.parse(readFileSync(join(__dirname, 'fixtures/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
  const { id, $schema: _draft, ...rest } = schema;
  const validate = new Ajv({ strict: false, allErrors: true, validateSchema: false, validateFormats: false, unicodeRegExp: false }).compile({ $id: id as string, ...rest });

  it('validates against the SARIF 2.1.0 schema, for text, several files and HAR input', async () => {
    writeFileSync(join(dir, 'b.log'), `x\ny refresh_token=${TG}\n`);
    const har = { log: { entries: [{ request: { url: 'https://api.mercadopago.com/v1/payments', headers: [{ name: 'Authorization', value: `Bearer ${AT}` }] } }] } };
    const runs = [
      await scanIn(['--format', 'sarif', '--report', 'info', 'app.log', 'b.log'], { cwd: dir }),
      await scanIn(['--format', 'sarif', '-'], { cwd: dir, stdin: JSON.stringify(har) }),
      await scanIn(['--format', 'sarif', 'b.log', '--report', 'critical', '--fail-on', 'critical'], { cwd: dir, stdin: '' }),
    ];
    for (const r of runs) {
      const doc = JSON.parse(r.stdout) as { runs: { artifacts: { location: { uri: string } }[]; results: { locations: { physicalLocation: { artifactLocation: { uri: string; index: number } } }[] }[] }[] };
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
      const run = doc.runs[0]!;
      for (const res of run.results) {
        const loc = res.locations[0]!.physicalLocation.artifactLocation;
        expect(run.artifacts[loc.index]!.location.uri).toBe(loc.uri);
      }
    }
    const multi = JSON.parse(runs[0]!.stdout) as { runs: { artifacts: { location: { uri: string } }[]; results: unknown[] }[] };
    expect(multi.runs[0]!.artifacts.map((a) => a.location.uri)).toEqual(['app.log', 'b.log']);
    expect(multi.runs[0]!.results).toHaveLength(4);
    // The validator does reject what the schema forbids.
    const broken = JSON.parse(runs[0]!.stdout) as { runs: { results: { level: string }[] }[] };
    broken.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(broken)).toBe(false);
  });
});

describe('JSON lines writer', () => {
  it('prints exactly JSON.stringify({ file, ...toJsonObject(finding, where) })', () => {
    const lines = [
      `GET /x?access_token=${AT} 200`,
      `GET /cb?code=${TG}&state=1`,
      `{"client_secret":"${fakeClientSecret(3)}","note":"quote \\" and \\\\ and \u2028"}`,
      `Authorization: Bearer ${fakeJwt(4)}`,
      `GET /p?public_key=${PK}`,
    ];
    let n = 0;
    for (const [i, l] of lines.entries()) {
      for (const f of scanText(l)) {
        for (const file of ['app.log', 'dir/we"ird\\name.log']) {
          expect(`${jsonHead(file, f)},"line":${i + 1}}`).toBe(JSON.stringify({ file, ...toJsonObject(f, { line: i + 1 }) }));
          expect(`${jsonHead(file, f)},"entry":${i}}`).toBe(JSON.stringify({ file, ...toJsonObject(f, { entry: i }) }));
          n++;
        }
      }
    }
    expect(n).toBeGreaterThanOrEqual(10);
  });
});
