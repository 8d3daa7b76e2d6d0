/**
 * `npm start` twice: the seller linked in the first run of the demo still refreshes in the second
 * (the sandbox keeps its state next to the demo profile), a profile whose sandbox state is gone is
 * reported, and --fresh starts over. Runs the demo's own pieces (scripts/start.ts) headless.
 */
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { EXTENSION_ID, startDemo, type Demo } from '../../scripts/start';
import { DEFAULT_APPS, DEFAULT_SELLERS } from '../../scripts/sandbox/server';

const dir = mkdtempSync(join(tmpdir(), 'mp-demo-'));
const profileDir = join(dir, 'demo-profile');
const statePath = join(dir, 'demo-sandbox.json');
const APP = DEFAULT_APPS[0]!;
const SELLER = DEFAULT_SELLERS[0]!;
let running: Demo | null = null;

async function demo(extra: { fresh?: boolean } = {}): Promise<{ demo: Demo; lines: string[] }> {
  const lines: string[] = [];
  running = await startDemo({ port: 0, profileDir, statePath, headless: true, quiet: true, log: (l) => lines.push(l), ...extra });
  return { demo: running, lines };
}
async function stop(): Promise<void> {
  await running?.stop();
  running = null;
}
async function popupOf(d: Demo): Promise<Page> {
  const p = await d.context.newPage();
  await p.goto(`chrome-extension://${EXTENSION_ID}/src/ui/popup/index.html`);
  return p;
}
const accountId = () => new RegExp(`:${SELLER.userId}$`);

afterAll(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start, twice', () => {
  it('first run: device-protected vault, the pre-filled sandbox application, one linked seller', async () => {
    const { demo: d, lines } = await demo();
    expect(d.start).toEqual({ kind: 'new' });
    expect(lines.some((l) => l.startsWith('Mercado Pago sandbox: http://127.0.0.1:'))).toBe(true);
    const popup = await popupOf(d);
    await popup.getByRole('button', { name: 'Skip: device-protected only' }).click();
    await popup.getByTestId('vault-mode').waitFor();
    const card = d.options.getByTestId('app-card').filter({ hasText: APP.clientId });
    await card.waitFor({ timeout: 20_000 });
    d.sandbox.setAutoApprove(SELLER.userId);
    await card.getByRole('button', { name: 'Link a seller account' }).click();
    await expect.poll(() => d.options.getByTestId('options-account').count(), { timeout: 20_000 }).toBe(1);
    expect(d.sandbox.tokenRequests('authorization_code').at(-1)!.status).toBe(200);
    await stop();
  });

  it('second run: the sandbox remembers the seller, and "Refresh now" on that seller works', async () => {
    const { demo: d, lines } = await demo();
    expect(d.start).toEqual({ kind: 'restored' });
    expect(lines.some((l) => l.startsWith('Sandbox state restored'))).toBe(true);
    const popup = await popupOf(d);
    const row = popup.getByTestId('account-row').filter({ hasText: SELLER.nickname });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getAttribute('data-account-id')).toMatch(accountId());
    await row.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => d.sandbox.tokenRequests('refresh_token').at(-1)?.status, { timeout: 15_000 }).toBe(200);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('ok');
    expect(await row.getByRole('alert').count()).toBe(0);
    await stop();
  });

  it('a profile whose sandbox state is gone is reported as such; --fresh starts over', async () => {
    unlinkSync(statePath);
    const { demo: d, lines } = await demo();
    expect(d.start).toEqual({ kind: 'state_missing' });
    expect(lines.join('\n')).toContain('the sandbox state of that run');
    expect(lines.join('\n')).toContain('npm start -- --fresh');
    await stop();

    const fresh = await demo({ fresh: true });
    expect(fresh.demo.start).toEqual({ kind: 'new' });
    const popup = await popupOf(fresh.demo);
    await popup.getByTestId('vault-setup').waitFor({ timeout: 20_000 });
    await stop();
  });
});
