/**
 * Token lifecycle in real Chromium against the sandbox: rotation-safe refresh under concurrent
 * clicks and the alarm, 5xx / dropped-after-rotate / invalid_grant / 429 handling, auto-refresh,
 * countdowns and the badge, and "unlock to refresh". Each test links its own seller through the
 * real launchWebAuthFlow and removes every account afterwards, so a failure stays local.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchExtension, type Ext } from './harness';
import { addApp, linkSeller, PASSPHRASE, sandboxFor, setupVault, SANDBOX_SECRET } from './flows';
import { DEFAULT_SELLERS, type Sandbox, type SandboxSeller } from '../../scripts/sandbox/server';

const DAY = 86_400_000;
const CLIENT_ID = '1234567890123456';
const APP_NAME = 'Sandbox App';

/** One seller per test, so that no test depends on another's grants. */
const SELLERS: SandboxSeller[] = [
  ...DEFAULT_SELLERS,
  ...['410000001', '410000002', '410000003', '410000004', '410000005', '410000006', '410000007'].map((userId, i) => ({
    userId,
    nickname: `SELLER${i + 4}`,
    siteId: 'MLA' as const,
    email: `test_user_${userId}@testuser.com`,
  })),
];

interface StoredAccount {
  id: string;
  userId: string;
  accessExpiresAt: number;
  state: string;
  maskedAccess: string;
  lastRefreshAt: number | null;
}

describe('token lifecycle against the sandbox', () => {
  let ext: Ext;
  let sb: Sandbox;
  let options: Page;
  let appId: string;
  let nextSeller = 0;

  /** Sends one protocol request from an extension page (as a page of ours would). */
  async function call<T = unknown>(type: string, payload: Record<string, unknown> = {}): Promise<{ ok: boolean; value?: T; error?: { code: string } }> {
    return options.evaluate(([t, p]) => chrome.runtime.sendMessage({ type: t, payload: p }), [type, payload] as const);
  }
  async function worker() {
    return ext.currentWorker();
  }
  async function storedAccounts(): Promise<StoredAccount[]> {
    return (await worker()).evaluate(async () => ((await chrome.storage.local.get('accounts')).accounts as StoredAccount[]) ?? []);
  }
  async function stored(id: string): Promise<StoredAccount> {
    const a = (await storedAccounts()).find((x) => x.id === id);
    if (!a) throw new Error(`no account ${id}`);
    return a;
  }
  /** Writes metadata fields straight into storage.local (e.g. a near expiry), as time passing would. */
  async function patchAccount(id: string, patch: Partial<StoredAccount>): Promise<void> {
    await (await worker()).evaluate(
      async ([accountId, p]) => {
        const all = ((await chrome.storage.local.get('accounts')).accounts as { id: string }[]) ?? [];
        await chrome.storage.local.set({ accounts: all.map((a) => (a.id === accountId ? { ...a, ...p } : a)) });
      },
      [id, patch] as const,
    );
  }
  /** Fires the auto-refresh alarm now, from the worker. */
  async function fireAlarm(): Promise<void> {
    await (await worker()).evaluate(() => chrome.alarms.create('auto-refresh', { when: Date.now() }));
  }
  /** The refresh token the vault holds for the account (explicit reveal, as the user could). */
  async function vaultRefreshToken(id: string): Promise<string> {
    const r = await call<{ value: string }>('secret.reveal', { kind: 'refresh', id });
    if (!r.ok || !r.value) throw new Error(`reveal failed: ${r.error?.code}`);
    return r.value.value;
  }
  async function vaultAccessToken(id: string): Promise<string> {
    const r = await call<{ value: string }>('secret.reveal', { kind: 'access', id });
    if (!r.ok || !r.value) throw new Error(`reveal failed: ${r.error?.code}`);
    return r.value.value;
  }
  async function usersMe(accessToken: string): Promise<number> {
    const res = await fetch(`${sb.url}/users/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
    await res.body?.cancel();
    return res.status;
  }
  const refreshCount = () => sb.tokenRequests('refresh_token').length;

  /** Links the next unused seller through the options page; returns the seller and account id. */
  async function linkNext(): Promise<{ seller: SandboxSeller; id: string }> {
    const seller = SELLERS[nextSeller++]!;
    sb.setAutoApprove(seller.userId);
    await linkSeller(options, APP_NAME);
    const id = `${appId}:${seller.userId}`;
    await expect.poll(async () => (await storedAccounts()).some((a) => a.id === id), { timeout: 20_000 }).toBe(true);
    return { seller, id };
  }
  /**
   * Points the application's token endpoint elsewhere, through the protocol as "Advanced: custom
   * endpoints" does it (the passphrase asked again, the client secret typed again for a new host).
   */
  async function setTokenUrl(url: string): Promise<void> {
    const apps = await (await worker()).evaluate(async () => ((await chrome.storage.local.get('apps')).apps as Record<string, unknown>[]) ?? []);
    for (const a of apps) {
      const endpoints = { ...(a.endpoints as Record<string, string>), token: url };
      const r = await call('apps.save', { ...a, endpoints, clientSecret: SANDBOX_SECRET, passphrase: PASSPHRASE });
      if (!r.ok) throw new Error(`apps.save: ${r.error?.code}`);
    }
  }
  function row(popup: Page, id: string) {
    return popup.locator(`[data-testid="account-row"][data-account-id="${id}"]`);
  }

  beforeAll(async () => {
    ext = await launchExtension();
    sb = await sandboxFor(ext, { sellers: SELLERS });
    await setupVault(ext);
    options = await ext.openOptions();
    await addApp(options, sb, { name: APP_NAME, clientId: CLIENT_ID, clientSecret: SANDBOX_SECRET, sandbox: true });
    appId = (await options.getByTestId('app-card').first().getAttribute('data-app-id'))!;
    expect(appId).toBeTruthy();
  });
  afterEach(async () => {
    sb.clearFaults();
    sb.setConnections({ keepAliveMs: 5000 });
    // Leave an unlocked vault and no accounts behind.
    const state = await call<{ state: string }>('vault.state');
    if (state.value?.state === 'locked') await call('vault.unlock', { passphrase: PASSPHRASE });
    await setTokenUrl(`${sb.url}/oauth/token`);
    for (const a of await storedAccounts()) await call('accounts.remove', { accountId: a.id });
    for (const p of ext.context.pages()) if (p !== options && p.url().includes('/popup/')) await p.close();
  });
  afterAll(async () => {
    await ext?.close();
    await sb?.close();
  });

  it('two "Refresh now" clicks and the alarm at once send exactly one refresh request', async () => {
    const { id } = await linkNext();
    // Due for auto-refresh (within the 30-day window).
    await patchAccount(id, { accessExpiresAt: Date.now() + 10 * DAY });
    const before = refreshCount();
    sb.inject({ kind: 'latency', ms: 2500, grant: 'refresh_token', times: 'always' });

    const [p1, p2] = [await ext.openPopup(), await ext.openPopup()];
    const b1 = row(p1, id).getByRole('button', { name: 'Refresh now' });
    const b2 = row(p2, id).getByRole('button', { name: 'Refresh now' });
    await b1.waitFor();
    await b2.waitFor();
    await Promise.all([b1.click(), b2.click(), fireAlarm()]);
    // A third request through the protocol while the first is in flight.
    const third = call('accounts.refresh', { accountId: id });
    // The alarm fired (a fired one-shot alarm is gone until its run reschedules it) while the
    // first refresh was still waiting for the sandbox: the three really overlapped.
    const w = await worker();
    await expect.poll(() => w.evaluate(async () => (await chrome.alarms.get('auto-refresh')) ?? null), { timeout: 2000, interval: 100 }).toBeNull();
    expect((await stored(id)).lastRefreshAt).toBeNull();

    expect((await third).ok).toBe(true);
    await expect.poll(async () => (await stored(id)).lastRefreshAt, { timeout: 15_000 }).not.toBe(null);
    // Let the alarm's pass finish, then count.
    await p1.waitForTimeout(3500);
    expect(refreshCount() - before).toBe(1);
    expect(sb.tokenRequests('refresh_token').at(-1)!.status).toBe(200);
    for (const p of [p1, p2]) {
      await expect.poll(() => row(p, id).getAttribute('data-status')).toBe('ok');
      await expect.poll(() => row(p, id).locator('.notice[data-code]').count()).toBe(0);
    }
    // The vault holds the sandbox's current (rotated) pair.
    const current = sb.currentTokens(CLIENT_ID, id.split(':')[1]!)!;
    expect(await vaultRefreshToken(id)).toBe(current.refreshToken);
  });

  it('500 → the old token is kept and still usable, with a clear message', async () => {
    const { seller, id } = await linkNext();
    const oldRefresh = await vaultRefreshToken(id);
    const oldAccess = await vaultAccessToken(id);
    const oldMasked = (await stored(id)).maskedAccess;
    sb.inject({ kind: 'status', status: 500, grant: 'refresh_token' });

    const popup = await ext.openPopup();
    await row(popup, id).getByRole('button', { name: 'Refresh now' }).click();
    const alert = row(popup, id).locator('.notice[data-code]').first();
    await expect.poll(() => alert.textContent(), { timeout: 15_000 }).toContain('Mercado Pago had a server error and did not process the request.');
    expect(await alert.textContent()).toContain('Nothing was changed: the old token is kept and still works. Try again in a few minutes.');
    await expect.poll(() => row(popup, id).getAttribute('data-status')).toBe('refresh_failed');
    expect(await row(popup, id).textContent()).toContain('Last refresh failed');

    // Nothing changed: the vault's pair is the sandbox's current one, and it still works.
    expect(await vaultRefreshToken(id)).toBe(oldRefresh);
    expect(sb.currentTokens(CLIENT_ID, seller.userId)!.refreshToken).toBe(oldRefresh);
    expect((await stored(id)).maskedAccess).toBe(oldMasked);
    expect(await usersMe(oldAccess)).toBe(200);

    // And the kept refresh token still refreshes once the server is back.
    await row(popup, id).getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => row(popup, id).getAttribute('data-status'), { timeout: 15_000 }).toBe('ok');
    expect(await vaultRefreshToken(id)).toBe(sb.currentTokens(CLIENT_ID, seller.userId)!.refreshToken);
  });

  it('connection dropped after the sandbox rotated, on a connection the server does not keep → outcome unknown, old token kept; the deliberate retry ends in re-link', async () => {
    // The server answers every request with Connection: close, so each request goes out on a
    // fresh connection (as it also does when the browser's idle connections have timed out): a
    // drop then reaches the extension. On a reused keep-alive connection Chromium resends the
    // request by itself instead; that case is in error-matrix.test.ts.
    sb.setConnections('close');
    const { seller, id } = await linkNext();
    const oldRefresh = await vaultRefreshToken(id);
    sb.inject({ kind: 'drop_after_rotate' });
    const popup = await ext.openPopup();
    await row(popup, id).waitFor();
    const before = refreshCount();

    await row(popup, id).getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => row(popup, id).getAttribute('data-status'), { timeout: 15_000 }).toBe('outcome_unknown');
    const r = row(popup, id);
    expect(await r.textContent()).toContain('Refresh outcome unknown');
    expect(await r.locator('.notice[data-code]').textContent()).toContain('No answer arrived from Mercado Pago: the request may or may not have been processed. The old token is kept.');
    expect(sb.tokenRequests('refresh_token').at(-1)).toMatchObject({ status: 0, reusedConnection: false });
    const retry = r.getByRole('button', { name: 'Retry once' });
    expect(await retry.isVisible()).toBe(true);
    expect(await r.getByRole('button', { name: 'Refresh now' }).count()).toBe(0);

    // The server did rotate, but nothing was silently dropped on our side: the old token is kept.
    expect(sb.currentTokens(CLIENT_ID, seller.userId)!.refreshToken).not.toBe(oldRefresh);
    expect(await vaultRefreshToken(id)).toBe(oldRefresh);
    expect(refreshCount() - before).toBe(1);

    // No blind retry: the alarm leaves it alone.
    await patchAccount(id, { accessExpiresAt: Date.now() + 10 * DAY });
    await fireAlarm();
    await popup.waitForTimeout(1500);
    expect(refreshCount() - before).toBe(1);

    // The deliberate retry: the old refresh token was spent → invalid_grant → needs re-link.
    await retry.click();
    await expect.poll(() => r.getAttribute('data-status'), { timeout: 15_000 }).toBe('needs_relink');
    expect(await r.textContent()).toContain('Needs re-link');
    expect(await r.getByRole('button', { name: 'Re-link' }).isVisible()).toBe(true);
    expect(refreshCount() - before).toBe(2);
    expect(sb.tokenRequests('refresh_token').at(-1)!.error).toBe('invalid_grant');
  });

  it('invalid_grant (seller revoked) → needs re-link; one-click Re-link makes it OK with a new token', async () => {
    const { seller, id } = await linkNext();
    const oldAccess = await vaultAccessToken(id);
    sb.revokeGrants(seller.userId);

    const popup = await ext.openPopup();
    const r = row(popup, id);
    await r.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => r.getAttribute('data-status'), { timeout: 15_000 }).toBe('needs_relink');
    expect(await r.textContent()).toContain('Needs re-link');
    expect(await r.textContent()).toContain('Mercado Pago refuses a refresh token when the seller revoked access, when its 180 days passed, or when an earlier answer was lost on the way');
    // A desktop notification says so too (once), naming the seller, never a token.
    await expect
      .poll(async () => Object.keys(await (await worker()).evaluate(() => chrome.notifications.getAll())), { timeout: 10_000 })
      .toContain(`mp-needs_relink-${id}`);

    sb.setAutoApprove(seller.userId);
    await r.getByRole('button', { name: 'Re-link' }).click();
    await expect.poll(() => r.getAttribute('data-status'), { timeout: 20_000 }).toBe('ok');
    const now = await stored(id);
    expect(now.state).toBe('active');
    expect(await vaultAccessToken(id)).not.toBe(oldAccess);
    expect(await usersMe(oldAccess)).toBe(401);
    const current = sb.currentTokens(CLIENT_ID, seller.userId)!;
    expect(await vaultRefreshToken(id)).toBe(current.refreshToken);
    expect(await usersMe(await vaultAccessToken(id))).toBe(200);
    expect(await r.textContent()).toMatch(/expires in 179d/);
  });

  it('auto-refresh: an account near expiry is refreshed by the alarm without a click', async () => {
    const { seller, id } = await linkNext();
    const oldAccess = await vaultAccessToken(id);
    const popup = await ext.openPopup();
    const r = row(popup, id);
    await r.waitFor();
    await patchAccount(id, { accessExpiresAt: Date.now() + 20 * DAY });
    const before = refreshCount();
    await fireAlarm();
    await expect.poll(async () => (await stored(id)).lastRefreshAt, { timeout: 15_000 }).not.toBe(null);
    expect(refreshCount() - before).toBe(1);
    expect(await vaultAccessToken(id)).not.toBe(oldAccess);
    const after = await stored(id);
    expect(after.accessExpiresAt).toBeGreaterThan(Date.now() + 179 * DAY);
    // The popup follows on its own: new masked token, fresh countdown, "refreshed" in the timeline.
    await expect.poll(() => r.textContent(), { timeout: 10_000 }).toContain(after.maskedAccess);
    expect(await r.textContent()).toMatch(/expires in 179d/);
    await r.getByText('History').click();
    const timeline = r.getByTestId('timeline');
    await expect.poll(() => timeline.textContent()).toContain('Refreshed');
    expect(await timeline.textContent()).toContain(after.maskedAccess);
    expect(await vaultRefreshToken(id)).toBe(sb.currentTokens(CLIENT_ID, seller.userId)!.refreshToken);
  });

  it('countdown text and the badge are visible and correct', async () => {
    const fresh = await linkNext();
    const soon = await linkNext();
    const popup = await ext.openPopup();
    await expect.poll(() => row(popup, fresh.id).getByTestId('countdown').textContent()).toMatch(/^expires in 179d 23h 5\dm$/);

    // Within a day: HH:MM:SS, ticking every second.
    await patchAccount(soon.id, { accessExpiresAt: Date.now() + 2 * 3_600_000 });
    await popup.reload();
    const cd = row(popup, soon.id).getByTestId('countdown');
    await expect.poll(() => cd.textContent()).toMatch(/^expires in 01:59:\d\d$/);
    const first = await cd.textContent();
    await expect.poll(() => cd.textContent(), { timeout: 3000 }).not.toBe(first);
    expect(await cd.textContent()).toMatch(/^expires in 01:59:\d\d$/);
    expect(await row(popup, soon.id).getAttribute('data-status')).toBe('expiring_soon');
    expect(await row(popup, soon.id).textContent()).toContain('Expiring soon');
    // Most urgent first.
    expect(await popup.getByTestId('account-row').first().getAttribute('data-account-id')).toBe(soon.id);

    // The badge follows when the worker next looks (here: a restart, as Chrome does after idling).
    await ext.stopServiceWorker();
    const w = await worker();
    await expect.poll(() => w.evaluate(() => chrome.action.getBadgeText({})), { timeout: 10_000 }).toBe('1');
    // The colour and the title are set after the badge text (badge.ts), so they are waited for too.
    await expect.poll(() => w.evaluate(() => chrome.action.getBadgeBackgroundColor({})), { timeout: 10_000 }).toEqual([0x8a, 0x5a, 0x00, 255]);
    await expect.poll(() => w.evaluate(() => chrome.action.getTitle({})), { timeout: 10_000 }).toBe('MP Credential Hygiene — Tokens that need attention: 1 — most urgent: Expiring soon');

    // Back to far away: the badge clears.
    await patchAccount(soon.id, { accessExpiresAt: Date.now() + 170 * DAY });
    await call('accounts.remove', { accountId: fresh.id });
    await expect.poll(() => w.evaluate(() => chrome.action.getBadgeText({})), { timeout: 10_000 }).toBe('');
    await expect.poll(() => w.evaluate(() => chrome.action.getTitle({})), { timeout: 10_000 }).toBe('MP Credential Hygiene — all tokens OK');
  });

  it('vault locked at refresh time → "unlock to refresh"; after unlocking, the refresh runs by itself', async () => {
    const { seller, id } = await linkNext();
    const popup = await ext.openPopup();
    await row(popup, id).waitFor();
    await popup.getByRole('button', { name: 'Lock now' }).click();
    await popup.getByLabel('Passphrase').waitFor();

    await patchAccount(id, { accessExpiresAt: Date.now() + 10 * DAY });
    const before = refreshCount();
    await fireAlarm();
    const r = row(popup, id);
    // The lock screen is only a lock screen: it counts what waits, and offers no action on tokens.
    await expect.poll(() => popup.getByTestId('locked-waiting').textContent(), { timeout: 10_000 }).toMatch(/1 token refresh runs as soon as you unlock\./);
    expect((await stored(id)).lastRefreshAt).toBe(null);
    expect(await r.count()).toBe(0);
    expect(await popup.getByRole('button', { name: /Refresh|Copy|Reveal|Re-link|Retry/ }).count()).toBe(0);
    expect(refreshCount() - before).toBe(0);

    await popup.getByLabel('Passphrase').fill(PASSPHRASE);
    await popup.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(async () => (await stored(id)).lastRefreshAt, { timeout: 15_000 }).not.toBe(null);
    await expect.poll(() => r.getAttribute('data-status'), { timeout: 10_000 }).toBe('ok');
    expect(await r.textContent()).not.toContain('Unlock to refresh');
    expect(refreshCount() - before).toBe(1);
    expect(await vaultRefreshToken(id)).toBe(sb.currentTokens(CLIENT_ID, seller.userId)!.refreshToken);
  });

  it('429 with Retry-After → the message says to wait, and a click before the wait ends sends nothing', async () => {
    const { seller, id } = await linkNext();
    const oldRefresh = await vaultRefreshToken(id);
    sb.inject({ kind: 'rate_limit', retryAfter: 600, grant: 'refresh_token' });
    const before = refreshCount();

    const popup = await ext.openPopup();
    const r = row(popup, id);
    await r.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => r.getAttribute('data-status'), { timeout: 15_000 }).toBe('refresh_failed');
    const text = await r.textContent();
    expect(text).toContain('Mercado Pago is rate-limiting these requests (429).');
    expect(text).toMatch(/[Ww]ait/);
    expect(refreshCount() - before).toBe(1);
    expect(sb.tokenRequests('refresh_token').at(-1)!.status).toBe(429);

    expect(text).toContain('Wait as long as Mercado Pago asked, then try again.');
    expect(await r.getByTestId('retry-after').textContent()).toMatch(/^Mercado Pago asked to wait: the next refresh is possible in 00:(09|10):\d\d\.$/);

    // Inside the wait the control is disabled: nothing can be sent.
    expect(await r.getByRole('button', { name: 'Refresh now' }).isDisabled()).toBe(true);
    await popup.waitForTimeout(500);
    expect(refreshCount() - before).toBe(1);
    expect(await r.getAttribute('data-status')).toBe('refresh_failed');
    expect(await vaultRefreshToken(id)).toBe(oldRefresh);
    expect(sb.currentTokens(CLIENT_ID, seller.userId)!.refreshToken).toBe(oldRefresh);
  });

  it('a worker that dies while a refresh is in flight leaves "outcome unknown", not a lost token', async () => {
    const { id } = await linkNext();
    const oldRefresh = await vaultRefreshToken(id);
    sb.inject({ kind: 'latency', ms: 3000, grant: 'refresh_token' });
    const popup = await ext.openPopup();
    await row(popup, id).getByRole('button', { name: 'Refresh now' }).click();
    await expect
      .poll(async () => (await worker()).evaluate(async () => Object.keys(((await chrome.storage.session.get('refresh.inflight'))['refresh.inflight'] as object) ?? {})))
      .toEqual([id]);
    await ext.stopServiceWorker();
    await popup.close();

    const again = await ext.openPopup();
    const r = row(again, id);
    await expect.poll(() => r.getAttribute('data-status'), { timeout: 15_000 }).toBe('outcome_unknown');
    expect(await r.getByRole('button', { name: 'Retry once' }).isVisible()).toBe(true);
    expect(await vaultRefreshToken(id)).toBe(oldRefresh);
    const session = await (await worker()).evaluate(() => chrome.storage.session.get('refresh.inflight'));
    expect(session['refresh.inflight']).toEqual({});
  });

  it('application tokens are renewed before their 6 hours end only when the setting is on', async () => {
    const card = options.getByTestId('app-card').first();
    await card.getByRole('button', { name: 'Get application token' }).click();
    await card.getByTestId('app-token').waitFor();
    const soon = async () =>
      (await worker()).evaluate(async (at) => {
        const all = ((await chrome.storage.local.get('appTokens')).appTokens as { expiresAt: number }[]) ?? [];
        await chrome.storage.local.set({ appTokens: all.map((x) => ({ ...x, expiresAt: at })) });
      }, Date.now() + 10 * 60_000);
    const expiresAt = async () =>
      (await worker()).evaluate(async () => ((await chrome.storage.local.get('appTokens')).appTokens as { expiresAt: number }[])[0]!.expiresAt);
    const cc = () => sb.tokenRequests('client_credentials').length;

    // Off (the default): 10 minutes before the end, the alarm leaves it alone.
    await soon();
    let before = cc();
    await fireAlarm();
    await options.waitForTimeout(1500);
    expect(cc()).toBe(before);

    // On, through the settings form.
    await options.getByLabel('Get new application tokens automatically before their 6 hours end').check();
    await options.getByRole('button', { name: 'Save settings' }).click();
    await options.getByText('Settings saved.').waitFor();
    try {
      before = cc();
      await fireAlarm();
      await expect.poll(cc, { timeout: 15_000 }).toBe(before + 1);
      await expect.poll(expiresAt, { timeout: 10_000 }).toBeGreaterThan(Date.now() + 5 * 3_600_000);
      const popup = await ext.openPopup();
      await expect.poll(() => popup.getByTestId('app-token-row').textContent()).toMatch(/expires in 0[56]:\d\d:\d\d/);
      // Renewed tokens are not renewed again on the next alarm.
      await fireAlarm();
      await options.waitForTimeout(1500);
      expect(cc()).toBe(before + 1);
    } finally {
      await call('settings.set', { autoRenewAppTokens: false });
    }
  });
});
