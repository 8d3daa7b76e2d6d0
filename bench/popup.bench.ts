/**
 * Popup first render with 100 linked accounts, as a ratio to an empty popup in the same run.
 *
 * Real Chromium with dist/ loaded (the e2e harness). The service worker's storage.local is seeded
 * with metadata only (one application, and either no accounts or 100 fake accounts with a short
 * timeline each: what the popup reads; no secrets are needed to draw it). Each sample opens the
 * popup page in a new tab and records, inside the page, `performance.now()` (ms since navigation
 * start) at the first DOM mutation where the accounts section is there with all its rows. The two
 * kinds of sample alternate so drift affects both alike; the first rounds are warm-up.
 *
 * Run: `npx tsx bench/popup.bench.ts` or through `bench/run.ts`. Uses the existing dist/
 * (builds it when missing). Env: BENCH_POPUP_RUNS (samples per kind, default 15),
 * BENCH_POPUP_ACCOUNTS (default 100). Reports; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { launchExtension, type Ext } from '../test/e2e/harness';
import { setupVault } from '../test/e2e/flows';

const RUNS = Number(process.env.BENCH_POPUP_RUNS ?? 15);
const ACCOUNTS = Number(process.env.BENCH_POPUP_ACCOUNTS ?? 100);
const WARMUP = 3;
const DAY = 86_400_000;
const APP_ID = '00000000-0000-4000-8000-000000000001';
const SITES = ['MLA', 'MLB', 'MLC', 'MLM', 'MLU', 'MCO', 'MPE'] as const;

/** Metadata the background would have after linking `n` sellers (masked values only). */
function seed(n: number, now: number) {
  const app = {
    id: APP_ID,
    name: 'Bench App',
    clientId: '1234567890123456',
    siteId: 'MLA',
    pkce: 'S256',
    sandbox: false,
    createdAt: now - 200 * DAY,
    lastRenewedAt: now - 30 * DAY,
    renewalStartedAt: null,
    sharingReviewedAt: null,
  };
  const accounts = [];
  const timelines: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const userId = String(300_000_000 + i * 7919);
    const id = `${APP_ID}:${userId}`;
    // A spread of states: mostly fine, some expiring within days or hours, a few needing attention.
    const expiresIn = i % 10 === 0 ? (i + 1) * 3_600_000 : ((i * 37) % 180) * DAY + 5 * 60_000;
    const state = i % 25 === 0 ? 'needs_relink' : i % 33 === 0 ? 'refresh_failed' : 'active';
    const masked = `APP_USR-1234\u2026${userId.slice(-4)}`;
    accounts.push({
      id,
      appId: APP_ID,
      userId,
      nickname: `SELLER${i}`,
      siteId: SITES[i % SITES.length],
      liveMode: i % 3 !== 0,
      accessExpiresAt: now + expiresIn,
      linkedAt: now - 100 * DAY,
      lastRefreshAt: i % 2 ? now - 50 * DAY : null,
      state,
      ...(state === 'active' ? {} : { lastError: { code: state === 'needs_relink' ? 'invalid_grant' : 'server_error', at: now - DAY } }),
      maskedAccess: masked,
      maskedRefresh: `TG-1234\u2026${userId.slice(-4)}`,
    });
    timelines[`timeline.${id}`] = [
      { at: now - 100 * DAY, kind: 'linked', masked },
      { at: now - 50 * DAY, kind: 'refreshed', masked },
      { at: now - DAY, kind: state === 'active' ? 'refreshed' : 'refresh_failed', ...(state === 'active' ? { masked } : { code: 'server_error' }) },
    ];
  }
  return { apps: [app], accounts, ...timelines };
}

async function store(ext: Ext, items: Record<string, unknown>): Promise<void> {
  const w = await ext.currentWorker();
  await w.evaluate(async (data) => {
    const all = await chrome.storage.local.get(null);
    const stale = Object.keys(all).filter((k) => k.startsWith('timeline.'));
    if (stale.length) await chrome.storage.local.remove(stale);
    await chrome.storage.local.set(data);
  }, items);
}

/** Opens the popup and returns ms from navigation start to the account list being in the DOM. */
async function sample(ext: Ext, rows: number): Promise<number> {
  const page: Page = await ext.context.newPage();
  // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
  await page.addInitScript(`(() => {
    const expected = ${rows};
    const done = () =>
      document.getElementById('accounts-title') !== null &&
      document.querySelectorAll('[data-testid="account-row"]').length >= expected;
    const check = () => {
      if (window.__listAt === undefined && done()) window.__listAt = performance.now();
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true });
  })();`);
  await page.goto(ext.url('src/ui/popup/index.html'));
  await page.waitForFunction(() => (window as unknown as { __listAt?: number }).__listAt !== undefined, undefined, { timeout: 30_000 });
  const ms = await page.evaluate(() => (window as unknown as { __listAt: number }).__listAt);
  await page.close();
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

export default async function popupBench(): Promise<void> {
  if (!existsSync('dist/manifest.json')) {
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  }
  const ext = await launchExtension();
  try {
    await setupVault(ext, 'device');
    const now = Date.now();
    const full = seed(ACCOUNTS, now);
    const empty = { apps: full.apps, accounts: [] };
    const times: Record<'empty' | 'full', number[]> = { empty: [], full: [] };
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const order: ('empty' | 'full')[] = i % 2 ? ['empty', 'full'] : ['full', 'empty'];
      for (const kind of order) {
        await store(ext, kind === 'full' ? full : empty);
        const ms = await sample(ext, kind === 'full' ? ACCOUNTS : 0);
        if (i >= WARMUP) times[kind].push(ms);
      }
    }
    const me = median(times.empty);
    const mf = median(times.full);
    const fmt = (x: number) => x.toFixed(1).padStart(7);
    console.log(`popup first render (ms from navigation start to account list in the DOM), ${RUNS} samples each after ${WARMUP} warm-up rounds`);
    console.log(`  empty popup          median ${fmt(me)}  p90 ${fmt(quantile(times.empty, 0.9))}  min ${fmt(Math.min(...times.empty))}`);
    console.log(`  ${String(ACCOUNTS).padStart(3)} linked accounts  median ${fmt(mf)}  p90 ${fmt(quantile(times.full, 0.9))}  min ${fmt(Math.min(...times.full))}`);
    console.log(`  ratio (${ACCOUNTS} accounts / empty, medians): ${(mf / me).toFixed(2)}x`);
  } finally {
    await ext.close();
  }
}

// Direct run: `npx tsx bench/popup.bench.ts`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await popupBench();
