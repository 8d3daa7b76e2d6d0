/**
 * Entry point of the `scan` command line (`mp-credential-scan`, `npm run scan`). Built to plain
 * JavaScript in dist-cli/scan.mjs (vite.cli.config.ts); see ./run.ts for the command and --help
 * for its contract.
 */
import { run } from './run';

const status = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});
process.exitCode = status;
