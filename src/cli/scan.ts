/**
 * Entry point of `npm run --silent scan -- [options] <file|->` (run by tsx: no build step).
 * See ./run.ts for the command and --help for its contract.
 */
import { run } from './run';

const status = await run(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});
process.exitCode = status;
