import { existsSync } from 'node:fs';

/** The Chromium-family browser for e2e: CHROME_PATH, else Debian's chromium. Never downloads one. */
export function findBrowser(): string | null {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  return null;
}
