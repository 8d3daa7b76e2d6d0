/**
 * Command-line arguments of `scan`. Pure: returns options or a usage error message.
 */
import type { Severity } from '../core/leaks/index';

export type Format = 'text' | 'json' | 'sarif';

export interface CliOptions {
  format: Format;
  failOn: Severity;
  /** A file path, or `-` for stdin. */
  input: string;
  mercadoPagoHosts: string[];
}

export type ParsedArgs = { kind: 'run'; options: CliOptions } | { kind: 'help' } | { kind: 'error'; message: string };

export const USAGE = `Usage: npm run --silent scan -- [options] <file|->

Reports Mercado Pago credentials (access tokens, refresh tokens, client secrets, authorization
codes, public keys) and bearer tokens found where they should not be, with the fix for each.

Input: a HAR file exported from the browser's DevTools (detected by log.entries), or any text
(logs, URL lists), read line by line. Use - to read standard input.

Options:
  --format text|json|sarif   output format (default: text)
                               json:  one JSON object per finding per line
                               sarif: SARIF 2.1.0 for code-scanning tools
  --fail-on info|warning|critical
                             exit with 1 when a finding has at least this severity (default: warning)
  --mp-host HOST[:PORT]      also treat HOST as a Mercado Pago API host (repeatable)
  -h, --help                 show this help

Exit status: 0 nothing reached --fail-on, 1 something did, 2 usage or input error.
Findings never contain a raw secret: values are masked and fingerprinted (SHA-256, 16 hex).
`;

const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];
const SEVERITIES: readonly Severity[] = ['info', 'warning', 'critical'];

function shown(arg: string): string {
  // An argument could be a pasted credential: show only its beginning.
  return arg.length > 24 ? `${arg.slice(0, 20)}...` : arg;
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  let format: Format = 'text';
  let failOn: Severity = 'warning';
  const hosts: string[] = [];
  const positional: string[] = [];
  let onlyPositional = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPositional || arg === '-' || !arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositional = true;
      continue;
    }
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (name !== '--format' && name !== '--fail-on' && name !== '--mp-host') {
      return { kind: 'error', message: `unknown option ${shown(name)} (see --help)` };
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === '') return { kind: 'error', message: `option ${name} needs a value (see --help)` };
    if (name === '--format') {
      if (!(FORMATS as readonly string[]).includes(value)) {
        return { kind: 'error', message: `invalid --format ${shown(value)}: use text, json or sarif` };
      }
      format = value as Format;
    } else if (name === '--fail-on') {
      if (!(SEVERITIES as readonly string[]).includes(value)) {
        return { kind: 'error', message: `invalid --fail-on ${shown(value)}: use info, warning or critical` };
      }
      failOn = value as Severity;
    } else {
      hosts.push(value.toLowerCase());
    }
  }
  if (positional.length === 0) return { kind: 'error', message: 'missing input: give a file path, or - for standard input (see --help)' };
  if (positional.length > 1) return { kind: 'error', message: 'too many inputs: give one file path, or - for standard input' };
  return { kind: 'run', options: { format, failOn, input: positional[0]!, mercadoPagoHosts: hosts } };
}
