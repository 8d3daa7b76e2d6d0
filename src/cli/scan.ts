/**
 * Entry point of the `scan` command line (`mp-credential-scan`, `npm run scan`). Built to plain
 * JavaScript in dist-cli/scan.mjs (vite.cli.config.ts); see ./run.ts for the command and --help
 * for its contract. The same script runs as the worker threads that scan large files
 * (./parallel.ts).
 */
import { isMainThread } from 'node:worker_threads';
import { workerMain } from './parallel';
import { run, scanOptionsOf } from './run';

if (isMainThread) {
  const status = await run(process.argv.slice(2), {
    // Only when `-` is given: opening standard input costs about 2 ms at startup.
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    workerUrl: new URL(import.meta.url),
  });
  process.exitCode = status;
} else {
  workerMain(scanOptionsOf);
}
