/** Argument parsing of the sandbox CLI (kept apart from main.ts so it can be tested without starting a server). */

export interface CliArgs {
  port: number;
  host: string;
  autoApprove: string | null;
  redirectUris: string[];
  quiet: boolean;
  help: boolean;
  /** `--keep-alive MS` (idle connections kept MS milliseconds) or `--keep-alive close`. */
  connections?: { keepAliveMs: number } | 'close';
  /** `--state FILE`: keep the sandbox's state in FILE across restarts. */
  statePath?: string;
}

export const USAGE = `Usage: npm run sandbox -- [--port N] [--host H] [--auto-approve USERID|deny] [--redirect-uri URI]... [--keep-alive MS|close] [--state FILE] [--quiet]
Environment: SANDBOX_PORT (default 8787)`;

function parsePort(v: string | undefined, what: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${what} must be a port number (0-65535)`);
  return n;
}

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliArgs {
  const out: CliArgs = {
    port: env['SANDBOX_PORT'] ? parsePort(env['SANDBOX_PORT'], 'SANDBOX_PORT') : 8787,
    host: '127.0.0.1',
    autoApprove: null,
    redirectUris: [],
    quiet: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const raw = argv[i] ?? '';
    const eq = raw.indexOf('=');
    const flag = raw.startsWith('--') && eq > 0 ? raw.slice(0, eq) : raw;
    const inline = raw.startsWith('--') && eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port':
        out.port = parsePort(value(), '--port');
        break;
      case '--host':
        out.host = value();
        break;
      case '--auto-approve':
        out.autoApprove = value();
        break;
      case '--redirect-uri':
        out.redirectUris.push(value());
        break;
      case '--quiet':
        out.quiet = true;
        break;
      case '--keep-alive': {
        const v = value();
        if (v === 'close') out.connections = 'close';
        else if (/^\d{1,9}$/.test(v)) out.connections = { keepAliveMs: Number(v) };
        else throw new Error('--keep-alive takes milliseconds or "close"');
        break;
      }
      case '--state':
        out.statePath = value();
        break;
      case '--help':
      case '-h':
        out.help = true;
        break;
      default:
        throw new Error(`unknown argument: ${flag}\n${USAGE}`);
    }
  }
  return out;
}
