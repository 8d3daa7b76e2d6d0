#!/usr/bin/env node
// `npm test`: typecheck, then unit, ui and e2e suites, then one summary line `N passed, N failed`
// (totals of every suite) for CI. Without a Chromium-family browser, e2e is skipped with a notice,
// except when CI=true, where a missing browser fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const CI = process.env.CI === 'true';
const browser = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
let passed = 0;
let failed = 0;
let problems = [];

function run(label, cmd, args) {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return r.status === 0;
}

// 1. typecheck (counts as one check)
if (run('typecheck (tsc --noEmit)', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json'])) passed++;
else { failed++; problems.push('typecheck'); }

// 2. vitest projects
const projects = ['unit', 'ui'];
if (browser) projects.push('e2e');
else if (CI) { failed++; problems.push('e2e: no Chromium-family browser (set CHROME_PATH or apt-get install chromium)'); }
else console.log('\nNOTICE: no Chromium-family browser found (CHROME_PATH, /usr/bin/chromium): e2e tests are SKIPPED. Install Debian\'s chromium to run them.');

mkdirSync('.tmp', { recursive: true });
for (const project of projects) {
  const out = `.tmp/vitest-${project}.json`;
  rmSync(out, { force: true });
  const ok = run(`${project} tests`, process.execPath, [
    'node_modules/vitest/vitest.mjs', 'run', '--project', project,
    '--reporter=default', '--reporter=json', `--outputFile.json=${out}`,
  ]);
  if (existsSync(out)) {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += (report.numFailedTests ?? 0);
    const fileErrors = (report.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
    failed += fileErrors;
    if (!ok && (report.numFailedTests ?? 0) === 0 && fileErrors === 0) { failed++; }
    if (!ok) problems.push(`${project} suite`);
  } else {
    failed++;
    problems.push(`${project} suite (no report)`);
  }
}

if (problems.length) console.log(`\nFailed: ${problems.join('; ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
