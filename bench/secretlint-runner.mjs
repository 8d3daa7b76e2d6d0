// secretlint as a command line for the CLI bench: reads one file whole and lints it as one source
// (what the secretlint CLI does per file) with @secretlint/secretlint-rule-pattern and the
// patterns given in SECRETLINT_PATTERNS (JSON: [{name, patterns:[regex literal]}]); prints the
// number of reports. Plain JavaScript, so node runs it without a build step, like ours.
import { readFileSync } from 'node:fs';
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as patternRule } from '@secretlint/secretlint-rule-pattern';

secretLintProfiler.setEnabled(false);
const file = process.argv[2];
const patterns = JSON.parse(process.env.SECRETLINT_PATTERNS ?? '[]');
const content = readFileSync(file, 'utf8');
const r = await lintSource({
  source: { content, filePath: file, ext: '.log', contentType: 'text' },
  options: { config: { rules: [{ id: '@secretlint/secretlint-rule-pattern', rule: patternRule, options: { patterns } }] }, maskSecrets: true },
});
process.stdout.write(`${r.messages.length}\n`);
process.exitCode = r.messages.length > 0 ? 1 : 0;
