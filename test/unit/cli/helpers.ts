/**
 * Runs the `scan` command in process (its `run` with in-memory streams), or spawns the built
 * script as users and CI run it.
 */
import { spawn } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { DEFAULT_LIMITS, type Limits, run } from '../../../src/cli/run';

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface InProcess {
  cwd: string;
  stdin?: string | Buffer;
  limits?: Partial<Limits>;
}

function sink(onData: (s: string) => void): Writable {
  return new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      onData(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      cb();
    },
  });
}

export async function scanIn(args: string[], o: InProcess): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const stdin = Readable.from(o.stdin === undefined ? [] : [typeof o.stdin === 'string' ? Buffer.from(o.stdin) : o.stdin]);
  const code = await run(
    args,
    { stdin, stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), cwd: o.cwd },
    { ...DEFAULT_LIMITS, ...o.limits },
  );
  return { code, stdout, stderr };
}

export function spawnScript(script: string, args: string[], cwd: string, stdin?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** The findings of a `--format json` run. */
export function jsonLines(r: Result): Record<string, unknown>[] {
  return r.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The summary line on stderr. */
export const SUMMARY_RE =
  /^scan: ([\d,]+) files?, ([\d.]+) MB in ([\d.]+) s \((\d+|-) MB\/s\); ([\d,]+) critical, ([\d,]+) warning, ([\d,]+) info \(shown: (all|warning and above|critical and above)\); ([\d,]+) baselined, ([\d,]+) ignored, ([\d,]+) allowed inline(?:; ([\d,]+) binary files? skipped)?$/;

export function summaryOf(r: Result): RegExpExecArray {
  const lines = r.stderr.trim().split('\n');
  const m = SUMMARY_RE.exec(lines[lines.length - 1]!);
  if (!m) throw new Error(`no summary line in stderr: ${r.stderr.slice(0, 300)}`);
  return m;
}
