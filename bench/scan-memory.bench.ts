/**
 * Memory: generates a log of a few hundred MB (URL lines from the benchmark corpus with timestamps,
 * about 1% with leaks), runs the built `scan` CLI on it as a child process (node dist-cli/scan.mjs,
 * rebuilt first, as users run it: the main thread alone, the default),
 * and reports peak resident memory, next to a run on a log ten times smaller: flat memory means the
 * two peaks are close. The log is written to the system temp directory and deleted afterwards.
 * BENCH_LOG_MB sets the size (default 300).
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './corpus';
import { watchPeakRss } from './peak-rss';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const LOG_MB = Number(process.env.BENCH_LOG_MB ?? 300);

async function writeLog(path: string, megabytes: number): Promise<number> {
  const corpus = generateCorpus(50_000, 777);
  const out = createWriteStream(path);
  let bytes = 0;
  let i = 0;
  const target = megabytes * 1e6;
  let t = Date.UTC(2024, 4, 1);
  while (bytes < target) {
    let buf = '';
    for (let k = 0; k < 2000; k++, i++) {
      t += 37;
      buf += `${new Date(t).toISOString()} INFO http GET ${corpus.lines[i % corpus.lines.length]} 200 ${i % 997}ms\n`;
    }
    bytes += Buffer.byteLength(buf);
    if (!out.write(buf)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

interface Run {
  peakKb: number;
  seconds: number;
  exitCode: number | null;
  findings: number;
}

/** Peak RSS of the child from /proc (VmHWM), polled until it exits; GNU time when /proc is missing. */
async function runCli(file: string): Promise<Run> {
  const args = ['dist-cli/scan.mjs', '--format', 'json', '--fail-on', 'critical', file];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  let findings = 0;
  child.stdout.on('data', (d: Buffer) => {
    for (const b of d) if (b === 10) findings++;
  });
  const rss = watchPeakRss(child.pid, 20);
  const [exitCode] = (await once(child, 'exit')) as [number | null];
  const peakKb = rss.stop();
  return { peakKb, seconds: (performance.now() - t0) / 1000, exitCode, findings };
}

export default async function scanMemoryBench(): Promise<void> {
  console.log(`\n== scan CLI memory: ${LOG_MB} MB log vs ${LOG_MB / 10} MB log ==`);
  if (!existsSync('/proc/self/status')) {
    console.log('skipped: /proc is not available to read peak RSS on this system');
    return;
  }
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '-c', 'vite.cli.config.ts'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`CLI build failed: ${build.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), 'scan-memory-'));
  try {
    for (const mb of [LOG_MB / 10, LOG_MB]) {
      const file = join(dir, `app-${mb}.log`);
      const t = performance.now();
      await writeLog(file, mb);
      const size = statSync(file).size;
      const gen = (performance.now() - t) / 1000;
      const r = await runCli(file);
      console.log(
        `${(size / 1e6).toFixed(0).padStart(5)} MB log (written in ${gen.toFixed(1)} s): peak RSS ${(r.peakKb / 1024).toFixed(0)} MiB, ` +
          `${r.seconds.toFixed(1)} s (${(size / 1e6 / r.seconds).toFixed(0)} MB/s incl. startup), ${r.findings} findings, exit ${r.exitCode}`,
      );
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
