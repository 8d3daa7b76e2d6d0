/**
 * CLI: npm run sandbox -- [--port N] [--host H] [--auto-approve USERID] [--redirect-uri URI]... [--quiet]
 * Env: SANDBOX_PORT. Default port 8787. Runs until SIGINT/SIGTERM.
 * Prints the sandbox's own fake app credentials; never prints issued tokens.
 */
import { parseArgs, USAGE, type CliArgs } from './cli';
import { DEFAULT_APPS, startSandbox, type SandboxOptions } from './server';

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2), process.env);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const apps = DEFAULT_APPS.map((a) => ({ ...a, redirectUris: [...a.redirectUris, ...args.redirectUris] }));
  const opts: SandboxOptions = { port: args.port, host: args.host, apps, quiet: args.quiet, autoApprove: args.autoApprove };
  if (args.connections) opts.connections = args.connections;
  if (args.statePath) opts.statePath = args.statePath;
  const sb = await startSandbox(opts);

  console.log(`Mercado Pago sandbox listening on ${sb.url}`);
  console.log(`  authorization: ${sb.url}/authorization   token: ${sb.url}/oauth/token   account: ${sb.url}/users/me`);
  for (const app of sb.apps) {
    console.log(`  app "${app.name}"`);
    console.log(`    client_id:     ${app.clientId}`);
    console.log(`    client_secret: ${app.clientSecret}   (this sandbox's own fake secret)`);
    console.log(`    pkce:          ${app.pkce ? 'required' : 'optional'}`);
    console.log(`    redirect URLs: ${app.redirectUris.length ? app.redirectUris.join(', ') : '(none; add with --redirect-uri)'}`);
  }
  console.log('  sellers:');
  for (const s of sb.sellers) console.log(`    ${s.userId}  ${s.nickname} (${s.siteId})`);
  console.log(`  auto-approve: ${args.autoApprove ?? 'off (consent page)'}`);
  console.log('Press Ctrl+C to stop.');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping sandbox`);
    sb.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  const code = (e as { code?: unknown } | null)?.code;
  console.error(`sandbox failed to start: ${e instanceof Error ? e.message : 'unknown error'}${code === 'EADDRINUSE' ? ' (port in use; try --port 0)' : ''}`);
  process.exit(1);
});
