/**
 * `npm run bench -- cli`: the built `scan` command line (dist-cli/scan.mjs, rebuilt first) against
 * secretlint 13 with the gitleaks-PR Mercado Pago patterns (the same as the leaks bench; see
 * secretlint-runner.mjs), end to end as processes, on:
 * - a one-line file (startup);
 * - a generated realistic access log (combined log format, ~0.1% leaking lines, public keys and
 *   OAuth callbacks as in real traffic; see access-log.ts) of 1, 10 and 50 MB;
 * - the dense corpus: benchmark URLs with half the lines leaking (~44 MB).
 * Ours runs as documented (`--report warning`, text output, drained from a pipe), and for inputs
 * of 8 MiB and more also with `--threads 2` (the main thread and one worker). A bare `node -e 0`
 * runs in every pass too: no Node.js command line can start faster. Contenders
 * alternate input by input and pass by pass; each keeps its best of BENCH_CLI_PASSES (default 5)
 * wall times, with the median beside it. Peak RSS is the process's VmHWM (threads included).
 * secretlint on the dense corpus stops after BENCH_SECRETLINT_TIMEOUT seconds (default 60).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAccessLog } from './access-log';
import { generateCorpus } from './corpus';
import { SECRETLINT_PATTERNS } from './leaks.bench';
import { watchPeakRss } from './peak-rss';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PASSES = Number(process.env.BENCH_CLI_PASSES ?? 5);
const SL_TIMEOUT_S = Number(process.env.BENCH_SECRETLINT_TIMEOUT ?? 60);

interface Run {
  seconds: number;
  peakKb: number;
  code: number | null;
  timedOut: boolean;
  stderr: string;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}, timeoutS = 600): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    child.stdout.resume();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const rss = watchPeakRss(child.pid, 10);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutS * 1000);
    child.on('error', reject);
    child.on('close', (code) => {
      const peakKb = rss.stop();
      clearTimeout(timer);
      resolve({ seconds: (performance.now() - t0) / 1000, peakKb, code, timedOut, stderr });
    });
  });
}

interface Input {
  name: string;
  file: string;
  bytes: number;
  secretlint: boolean;
}

interface Stat {
  best: number;
  median: number;
  peakKb: number;
  timedOut: boolean;
  code: number | null;
  summary: string;
}

function stat(runs: Run[]): Stat {
  const t = runs.map((r) => r.seconds).sort((a, b) => a - b);
  const last = runs[runs.length - 1]!;
  return {
    best: t[0]!,
    median: t[Math.floor(t.length / 2)]!,
    peakKb: Math.max(...runs.map((r) => r.peakKb)),
    timedOut: runs.some((r) => r.timedOut),
    code: last.code,
    summary: last.stderr.trim().split('\n').pop() ?? '',
  };
}

const mbps = (bytes: number, s: number): string => (bytes / 1e6 / s).toFixed(0);

export default async function cliBench(): Promise<void> {
  console.log('\n== scan CLI (built) vs secretlint, end to end as processes ==');
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.cli.config.ts'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`CLI build failed: ${build.stderr}`);
  const script = join(ROOT, 'dist-cli/scan.mjs');
  const dir = mkdtempSync(join(tmpdir(), 'cli-bench-'));
  try {
    const inputs: Input[] = [];
    const one = join(dir, 'one-line.log');
    writeFileSync(one, '127.0.0.1 - - [01/May/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl"\n');
    inputs.push({ name: 'startup, one-line file', file: one, bytes: statSync(one).size, secretlint: true });
    for (const mb of [1, 10, 50]) {
      const log = generateAccessLog(mb);
      const f = join(dir, `access-${mb}.log`);
      writeFileSync(f, log.blocks.join(''));
      const pct = ((100 * log.leakLines) / log.lines).toFixed(2);
      inputs.push({ name: `access log ${mb} MB (${log.lines} lines, ${pct}% leak)`, file: f, bytes: log.bytes, secretlint: mb <= 10 });
    }
    const dense = generateCorpus(320_000, 4242, 0.5);
    const df = join(dir, 'dense.log');
    writeFileSync(df, `${dense.lines.join('\n')}\n`);
    inputs.push({ name: `dense corpus (${dense.leaks.length} of ${dense.lines.length} lines leak)`, file: df, bytes: statSync(df).size, secretlint: true });

    const env = { SECRETLINT_PATTERNS: JSON.stringify(SECRETLINT_PATTERNS) };
    // `node -e 0`: what any Node.js command line costs before it reads a byte.
    const bare: Run[] = [];
    const ours = new Map<Input, Run[]>();
    const oursOne = new Map<Input, Run[]>();
    const theirs = new Map<Input, Run[]>();
    const slGaveUp = new Set<Input>();
    for (let p = 0; p < PASSES; p++) {
      bare.push(await run(['-e', '0']));
      for (const input of inputs) {
        const o = await run([script, input.file]);
        ours.set(input, [...(ours.get(input) ?? []), o]);
        if (input.bytes >= 8 * 1024 * 1024) {
          const one = await run([script, '--threads', '2', input.file]);
          oursOne.set(input, [...(oursOne.get(input) ?? []), one]);
        }
        if (input.secretlint && !slGaveUp.has(input)) {
          const s = await run([join(ROOT, 'bench/secretlint-runner.mjs'), input.file], env, SL_TIMEOUT_S);
          theirs.set(input, [...(theirs.get(input) ?? []), s]);
          if (s.timedOut) slGaveUp.add(input);
        }
      }
    }
    console.log(`passes: ${PASSES}, alternated input by input; times are wall clock of the whole process (best / median)\n`);
    console.log(`${'input'.padEnd(44)}${'ours s'.padStart(14)}${'MB/s'.padStart(7)}${'RSS MiB'.padStart(9)}${'secretlint s'.padStart(15)}${'MB/s'.padStart(7)}${'RSS MiB'.padStart(9)}${'ratio'.padStart(8)}`);
    const results = new Map<Input, { o: Stat; s: Stat | null }>();
    for (const input of inputs) {
      const o = stat(ours.get(input)!);
      const s = input.secretlint ? stat(theirs.get(input)!) : null;
      results.set(input, { o, s });
      const sCol = s === null ? '—'.padStart(15) + ''.padStart(7) + ''.padStart(9) : s.timedOut ? `> ${SL_TIMEOUT_S} (killed)`.padStart(15) + ''.padStart(7) + `${(s.peakKb / 1024).toFixed(0)}`.padStart(9) : `${s.best.toFixed(2)}/${s.median.toFixed(2)}`.padStart(15) + mbps(input.bytes, s.best).padStart(7) + (s.peakKb / 1024).toFixed(0).padStart(9);
      const ratio = s === null || s.timedOut ? (s?.timedOut ? `> ${(SL_TIMEOUT_S / o.best).toFixed(0)}x` : '') : `${(s.best / o.best).toFixed(1)}x`;
      console.log(
        `${input.name.padEnd(44)}${`${o.best.toFixed(2)}/${o.median.toFixed(2)}`.padStart(14)}${mbps(input.bytes, o.best).padStart(7)}${(o.peakKb / 1024).toFixed(0).padStart(9)}${sCol}${ratio.padStart(8)}`,
      );
    }
    console.log('\nours with --threads 2 (the main thread and one worker; the default is the main thread alone), best / median:');
    for (const input of inputs) {
      const runs = oursOne.get(input);
      if (!runs) continue;
      const o1 = stat(runs);
      console.log(`  ${input.name.padEnd(42)}${`${o1.best.toFixed(2)}/${o1.median.toFixed(2)} s`.padStart(14)}${`${mbps(input.bytes, o1.best)} MB/s`.padStart(10)}${`${(o1.peakKb / 1024).toFixed(0)} MiB`.padStart(10)}`);
    }
    console.log('\nours, last summary line per input:');
    for (const input of inputs) console.log(`  ${results.get(input)!.o.summary}`);
    const [startup, , ten, fifty, dn] = inputs;
    const st = results.get(startup!)!.o.best;
    const f = results.get(fifty!)!.o;
    const t = results.get(ten!)!;
    const d = results.get(dn!)!.o;
    const fMb = fifty!.bytes / 1e6 / f.best;
    const dMb = dn!.bytes / 1e6 / d.best;
    const tRatio = t.s ? t.s.best / t.o.best : 0;
    const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
    const bareBest = stat(bare).best;
    console.log(`\nbare \`node -e 0\`: ${bareBest.toFixed(3)} s best, ${stat(bare).median.toFixed(3)} s median`);
    console.log('\ntargets:');
    console.log(`  startup <= 0.10 s: ${st.toFixed(3)} s (${verdict(st <= 0.1)})`);
    console.log(`  50 MB access log >= 150 MB/s end to end: ${fMb.toFixed(0)} MB/s (${verdict(fMb >= 150)})`);
    console.log(
      `  10 MB access log >= 3x secretlint: ${tRatio.toFixed(2)}x (${verdict(tRatio >= 3)}; a Node.js process that did nothing would be ${t.s ? (t.s.best / bareBest).toFixed(2) : '-'}x)`,
    );
    console.log(`  dense corpus >= 50 MB/s: ${dMb.toFixed(0)} MB/s (${verdict(dMb >= 50)})`);
    console.log('  flat memory: see the scan-memory bench (30 MB vs 300 MB log)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (!existsSync(script)) console.log('note: dist-cli/scan.mjs missing after the run');
  }
}
