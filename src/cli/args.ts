/**
 * Command-line arguments of `scan`, read with node:util parseArgs. Pure: returns options or a
 * usage error message (never echoing a long argument, which could be a pasted credential).
 */
import { parseArgs as parseNodeArgs } from 'node:util';
import type { Severity } from '../core/leaks/index';

export type Format = 'text' | 'json' | 'sarif';

export interface CliOptions {
  format: Format;
  /** Findings below this severity are counted in the summary but not printed. */
  report: Severity;
  failOn: Severity;
  /** Files, directories, or `-` for stdin. */
  inputs: string[];
  mercadoPagoHosts: string[];
  /** An earlier `--format json` (or sarif) report: findings in it do not fail the run. */
  baseline: string | null;
  /** A file of fingerprints to ignore; null: `.mp-credential-scan-ignore` in the working directory, if present. */
  ignoreFile: string | null;
  /** Threads for a text file of 8 MB or more, the main thread included (at most 4); null or 1: the main thread alone. */
  threads: number | null;
}

export type ParsedArgs = { kind: 'run'; options: CliOptions } | { kind: 'help' } | { kind: 'version' } | { kind: 'error'; message: string };

export const BIN_NAME = 'mp-credential-scan';
export const IGNORE_FILE_NAME = '.mp-credential-scan-ignore';
export const ALLOW_MARKER = 'mp-credential-scan:allow';

export const USAGE = `Usage: ${BIN_NAME} [options] <path|->...
       npm run --silent scan -- [options] <path|->...

Reports Mercado Pago credentials (access tokens, refresh tokens, client secrets, authorization
codes, public keys) and bearer tokens found where they should not be, with the fix for each.

Inputs: files, directories (recursive; binary files, node_modules and .git are skipped), gzip
files (rotated logs, *.gz), or - for standard input. A HAR file exported from the browser's
DevTools is read as requests (detected by log.entries); anything else as text, line by line
(logs, JSON-lines logs, URL lists, source files).

Options:
  --format text|json|sarif   output format (default: text)
                               json:  one JSON object per finding per line
                               sarif: SARIF 2.1.0 for code-scanning tools
  --report info|warning|critical
                             print findings of at least this severity (default: warning);
                             the summary on stderr counts every severity
  --fail-on info|warning|critical
                             exit with 1 when a finding has at least this severity (default: warning)
  --baseline FILE            an earlier --format json (or sarif) report: findings already in it
                             are counted as baselined and do not fail the run
  --ignore-file FILE         fingerprints to ignore, one per line (default: ${IGNORE_FILE_NAME}
                             in the working directory, when it exists)
  --mp-host HOST[:PORT]      also treat HOST as a Mercado Pago API host (repeatable)
  --threads N                scan a text file of 8 MB or more on N threads, the main thread
                             included (at most 4; default 1: the main thread alone)
  -h, --help                 show this help
  --version                  print the version

A line holding ${ALLOW_MARKER} is not reported (HAR: an entry whose comment holds it).

Exit status: 0 nothing new reached --fail-on, 1 something did, 2 usage or input error.
Findings never contain a raw secret: values are masked and fingerprinted (SHA-256, 16 hex).
`;

const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];
const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];

const OPTIONS = {
  format: { type: 'string' },
  report: { type: 'string' },
  'fail-on': { type: 'string' },
  baseline: { type: 'string' },
  'ignore-file': { type: 'string' },
  'mp-host': { type: 'string', multiple: true },
  threads: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

function shown(arg: string): string {
  return arg.length > 24 ? `${arg.slice(0, 20)}...` : arg;
}

function severity(name: string, value: string): Severity | string {
  if ((SEVERITIES as readonly string[]).includes(value)) return value as Severity;
  return `invalid --${name} ${shown(value)}: use info, warning or critical`;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  // Not strict: unknown options and missing values come back as tokens, judged below with our
  // own messages (node's own would quote the argument whole).
  const { tokens } = parseNodeArgs({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const o: CliOptions = {
    format: 'text',
    report: 'warning',
    failOn: 'warning',
    inputs: [],
    mercadoPagoHosts: [],
    baseline: null,
    ignoreFile: null,
    threads: null,
  };
  for (const t of tokens) {
    if (t.kind === 'positional') {
      o.inputs.push(t.value);
      continue;
    }
    if (t.kind !== 'option') continue;
    if (!Object.hasOwn(OPTIONS, t.name)) {
      return { kind: 'error', message: `unknown option ${shown(t.rawName)} (see --help)` };
    }
    const def = OPTIONS[t.name as keyof typeof OPTIONS];
    if (def.type === 'boolean') {
      if (t.value !== undefined) return { kind: 'error', message: `option ${t.rawName} takes no value (see --help)` };
      if (t.name === 'help') return { kind: 'help' };
      return { kind: 'version' };
    }
    const value = t.value;
    if (value === undefined || value === '') return { kind: 'error', message: `option --${t.name} needs a value (see --help)` };
    switch (t.name) {
      case 'format':
        if (!(FORMATS as readonly string[]).includes(value)) return { kind: 'error', message: `invalid --format ${shown(value)}: use text, json or sarif` };
        o.format = value as Format;
        break;
      case 'report':
      case 'fail-on': {
        const s = severity(t.name, value);
        if (!(SEVERITIES as readonly string[]).includes(s)) return { kind: 'error', message: s };
        if (t.name === 'report') o.report = s as Severity;
        else o.failOn = s as Severity;
        break;
      }
      case 'baseline':
        o.baseline = value;
        break;
      case 'ignore-file':
        o.ignoreFile = value;
        break;
      case 'threads':
        if (!/^[1-9][0-9]?$/.test(value)) return { kind: 'error', message: `invalid --threads ${shown(value)}: use a number from 1 to 99` };
        o.threads = Number(value);
        break;
      default:
        o.mercadoPagoHosts.push(value.toLowerCase());
    }
  }
  if (o.inputs.length === 0) return { kind: 'error', message: 'missing input: give files or directories, or - for standard input (see --help)' };
  if (o.inputs.filter((i) => i === '-').length > 1) return { kind: 'error', message: 'standard input (-) can be given only once' };
  return { kind: 'run', options: o };
}
