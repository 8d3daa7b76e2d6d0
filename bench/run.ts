/**
 * `npm run bench [-- name…]`: runs every bench/*.bench.ts in turn (or those whose file name
 * contains one of the given names). Each default-exports `async () => void` and prints its own
 * report. Benchmarks report; they assert nothing.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.error(`bench: no bench/*.bench.ts matches ${filters.join(', ')}`);
  process.exitCode = 2;
}
console.log(`node ${process.version}, ${process.platform}/${process.arch}; benches: ${files.join(', ')}`);
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { default?: () => Promise<void> };
  if (typeof mod.default !== 'function') {
    console.error(`bench: ${f} has no default export function; skipped`);
    continue;
  }
  const t = performance.now();
  await mod.default();
  console.log(`-- ${f} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
