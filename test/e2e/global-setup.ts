import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findBrowser } from './browser-path';

/** Builds dist/ once for the whole e2e run (set E2E_SKIP_BUILD=1 to reuse an existing build). */
export default function setup(): void {
  if (!findBrowser()) {
    throw new Error('No Chromium-family browser found: set CHROME_PATH or install Debian\'s chromium (apt-get install -y chromium).');
  }
  if (process.env.E2E_SKIP_BUILD === '1' && existsSync('dist/manifest.json')) return;
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
}
