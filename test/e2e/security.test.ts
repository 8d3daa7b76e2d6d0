/**
 * Issue #12 (red-team review), the vault and background items, in real Chromium against the
 * sandbox: a locked vault refuses every change of applications, accounts, settings and
 * protection; endpoints are bound to the sealed client secret; one serialized passphrase
 * throttle; auto-lock counts user actions only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { launchExtension, type Ext } from './harness';
import { addApp, appCard, linkSeller, openAdvanced, PASSPHRASE, sandboxFor, setupVault, SANDBOX_SECRET } from './flows';
import type { Sandbox } from '../../scripts/sandbox/server';
import { fakeAccessToken, startSite, type Site } from './site';

const APP = 'Sandbox App';
const CLIENT_ID = '1234567890123456';

type Reply<T = unknown> = { ok: boolean; value?: T; error?: { code: string } };

describe('locked means locked; endpoints bound to the secret; one passphrase throttle', () => {
  let ext: Ext;
  let sb: Sandbox;
  let options: Page;
  let appId: string;
  let evil: Server;
  let evilUrl: string;
  const evilHits: string[] = [];
  let site: Site | undefined;

  async function call<T = unknown>(type: string, payload: Record<string, unknown> = {}): Promise<Reply<T>> {
    return options.evaluate(([t, p]) => chrome.runtime.sendMessage({ type: t, payload: p }), [type, payload] as const);
  }
  async function local(): Promise<Record<string, unknown>> {
    return (await ext.currentWorker()).evaluate(() => chrome.storage.local.get(null));
  }
  async function storedApp(): Promise<Record<string, unknown>> {
    const apps = (await local()).apps as Record<string, unknown>[];
    return apps.find((a) => a.id === appId)!;
  }
  async function waitThrottle(): Promise<void> {
    const retryAt = (await call<{ retryAt: number | null }>('vault.state')).value?.retryAt ?? null;
    if (retryAt) await new Promise((r) => setTimeout(r, Math.max(0, retryAt - Date.now()) + 200));
  }

  beforeAll(async () => {
    evil = createServer((req, res) => {
      evilHits.push(`${req.method} ${req.url}`);
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    evilUrl = `http://localhost:${(evil.address() as AddressInfo).port}/oauth/token`;
    ext = await launchExtension();
    site = await startSite();
    sb = await sandboxFor(ext);
    await setupVault(ext);
    options = await ext.openOptions();
    await addApp(options, sb, { name: APP, clientId: CLIENT_ID, clientSecret: SANDBOX_SECRET, sandbox: true });
    appId = (await options.getByTestId('app-card').first().getAttribute('data-app-id'))!;
    sb.setAutoApprove(sb.sellers[0]!.userId);
    await linkSeller(options, APP);
    await options.getByTestId('options-account').first().waitFor({ timeout: 20_000 });
  });
  afterAll(async () => {
    await ext?.close();
    await sb?.close();
    await site?.close();
    await new Promise((r) => evil?.close(r));
  });

  it('item 1: while locked, nothing that changes applications, accounts, settings or protection is accepted', async () => {
    const app = await storedApp();
    const accountId = ((await local()).accounts as { id: string }[])[0]!.id;
    expect((await call('vault.lock')).ok).toBe(true);
    const before = await local();

    const attempts: [string, Record<string, unknown>][] = [
      ['apps.save', { ...app, clientSecret: '', endpoints: { ...(app.endpoints as object), token: evilUrl } }],
      ['apps.save', { ...app, clientSecret: '', pkce: 'off' }],
      ['apps.remove', { appId }],
      ['apps.sharingReviewed', { appId }],
      ['accounts.remove', { accountId }],
      ['accounts.refresh', { accountId }],
      ['settings.set', { consoleWarnings: false }],
      ['settings.set', { autoLockMinutes: 24 * 60 }],
      ['leaks.ignoredOrigins', { add: 'https://shop.example' }],
      ['vault.changeProtection', { to: 'device', currentPassphrase: PASSPHRASE }],
      ['vault.changeProtection', { to: 'passphrase', currentPassphrase: PASSPHRASE, newPassphrase: 'attacker passphrase 123' }],
      ['vault.export', { passphrase: 'backup passphrase 42' }],
      ['secret.reveal', { kind: 'clientSecret', id: appId }],
      ['vault.import', { text: '{}', passphrase: 'backup passphrase 42' }],
      ['apps.appToken', { appId }],
      ['accounts.link', { appId }],
      ['leaks.ignore', { tabId: 1, key: 'anything' }],
    ];
    for (const [type, payload] of attempts) {
      const r = await call(type, payload);
      expect({ type, ok: r.ok, code: r.error?.code }).toEqual({ type, ok: false, code: 'locked' });
    }
    const after = await local();
    for (const key of ['apps', 'accounts', 'settings', 'vault.header', `vault.rec.app:${appId}`, 'fingerprints']) {
      expect({ key, value: after[key] }).toEqual({ key, value: before[key] });
    }
    // A click on "Refresh now" while locked queues nothing for the next unlock.
    const waiting = await (await ext.currentWorker()).evaluate(async () => (await chrome.storage.session.get('refresh.waiting'))['refresh.waiting'] ?? []);
    expect(waiting).toEqual([]);
    expect((await call('vault.unlock', { passphrase: PASSPHRASE })).ok).toBe(true);
  });

  it('item 1: changing endpoints asks for the passphrase again, and a new token host for the client secret', async () => {
    const app = await storedApp();
    const moved = { ...app, clientSecret: '', endpoints: { ...(app.endpoints as object), token: evilUrl } };
    expect((await call('apps.save', moved)).error?.code).toBe('reauth_required');
    expect((await call('apps.save', { ...moved, passphrase: 'not the passphrase' })).error?.code).toBe('wrong_passphrase');
    expect((await call('apps.save', { ...moved, passphrase: PASSPHRASE })).error?.code).toBe('app_secret_for_new_host');
    expect((await storedApp()).endpoints).toEqual(app.endpoints);

    // Through the form: the note and the passphrase field appear once the token URL changes.
    await options.reload();
    const card = appCard(options, APP);
    await card.getByRole('button', { name: `Edit: ${APP}`, exact: true }).click();
    const form = options.getByTestId('app-form').first();
    await openAdvanced(form);
    const sandboxToken = (app.endpoints as { token: string }).token;
    const other = sandboxToken.replace('127.0.0.1', 'localhost');
    await form.getByLabel('Token URL').fill(other);
    await form.getByTestId('endpoints-change-note').waitFor();
    await form.getByLabel('Vault passphrase (asked again for this change)').fill(PASSPHRASE);
    await form.getByRole('button', { name: 'Save application' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('The token URL now points to another host');
    await form.getByLabel('Client secret').fill(SANDBOX_SECRET);
    await form.getByLabel('Vault passphrase (asked again for this change)').fill(PASSPHRASE);
    await form.getByRole('button', { name: 'Save application' }).click();
    // The card shows where the application's requests go.
    await expect.poll(() => appCard(options, APP).getByTestId('app-endpoint-token').textContent()).toBe(other);
    expect(((await storedApp()).endpoints as { token: string }).token).toBe(other);
  });

  it('item 1: endpoints changed outside that path (straight in storage) are detected: the secret is not sent', async () => {
    await waitThrottle();
    const accountId = ((await local()).accounts as { id: string }[])[0]!.id;
    await (await ext.currentWorker()).evaluate(async (token) => {
      const apps = (await chrome.storage.local.get('apps')).apps as { endpoints?: Record<string, string> }[];
      await chrome.storage.local.set({ apps: apps.map((a) => ({ ...a, endpoints: { ...a.endpoints, token } })) });
    }, evilUrl);
    const refresh = await call('accounts.refresh', { accountId });
    expect(refresh.error?.code).toBe('app_tampered');
    expect((await call('apps.appToken', { appId })).error?.code).toBe('app_tampered');
    expect(evilHits).toEqual([]);
    // The card shows the changed endpoint, and the error says what to do.
    await options.reload();
    await expect.poll(() => appCard(options, APP).getByTestId('app-endpoint-token').textContent()).toBe(evilUrl);
    await appCard(options, APP).getByRole('button', { name: 'Get application token' }).click();
    await expect.poll(() => appCard(options, APP).getByRole('alert').first().textContent()).toContain('changed outside the options page');
  });

  it('item 3: 40 wrong unlocks at once run one at a time and are all counted; the right one then waits', async () => {
    expect((await call('vault.lock')).ok).toBe(true);
    const results = await options.evaluate(() =>
      Promise.all(Array.from({ length: 40 }, () => chrome.runtime.sendMessage({ type: 'vault.unlock', payload: { passphrase: 'wrong guess 0123456' } }))),
    );
    const codes = (results as Reply[]).map((r) => r.error?.code);
    const wrong = codes.filter((c) => c === 'wrong_passphrase').length;
    expect(wrong).toBe(4); // three free failures, then the fourth starts the wait
    expect(codes.filter((c) => c === 'too_many_attempts').length).toBe(36);
    const throttle = (await local())['vault.throttle'] as { failures: number };
    expect(throttle.failures).toBe(wrong);
    // Even the right passphrase is refused until the wait is over.
    expect((await call('vault.unlock', { passphrase: PASSPHRASE })).error?.code).toBe('too_many_attempts');
    await waitThrottle();
    expect((await call('vault.unlock', { passphrase: PASSPHRASE })).ok).toBe(true);
    expect((await local())['vault.throttle']).toBeUndefined();
  });

  it('item 3: changing the protection goes through the same throttle, and only while unlocked', async () => {
    const headerBefore = (await local())['vault.header'];
    const guesses = await options.evaluate(() =>
      Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          chrome.runtime.sendMessage({ type: 'vault.changeProtection', payload: { to: 'device', currentPassphrase: `guess number ${i} abcdef` } }),
        ),
      ),
    );
    const codes = (guesses as Reply[]).map((r) => r.error?.code);
    expect(codes.filter((c) => c === 'wrong_passphrase').length).toBe(4);
    expect(codes.filter((c) => c === 'too_many_attempts').length).toBe(6);
    // A right guess right after is refused too: no way around the wait.
    expect((await call('vault.changeProtection', { to: 'device', currentPassphrase: PASSPHRASE })).error?.code).toBe('too_many_attempts');
    expect((await local())['vault.header']).toEqual(headerBefore);
    await waitThrottle();
  });

  it('item 7: a copied secret is wiped after 60 s even when the page is closed and another one is focused', async () => {
    const origin = site!;
    {
      await ext.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: origin.url });
      const reader = await ext.context.newPage();
      await reader.goto(`${origin.url}/?page=reader`);
      const readClipboard = async () => {
        await reader.bringToFront();
        return reader.evaluate(() => navigator.clipboard.readText());
      };
      const page = await ext.openOptions();
      const account = page.getByTestId('options-account').first();
      await account.getByRole('button', { name: 'Copy: Access token' }).click();
      await expect.poll(() => account.getByRole('status').first().textContent()).toContain('even if you switch away or close this window');
      const copied = await readClipboard();
      expect(copied).toMatch(/^(APP_USR|TEST)-/);
      // The user switched to another page to paste, and closed the options page.
      await page.close();
      // The 60 s are up (the worker's own alarm, fired now).
      await (await ext.currentWorker()).evaluate(() => chrome.alarms.create('clipboard-wipe', { when: Date.now() }));
      await expect.poll(readClipboard, { timeout: 10_000 }).toBe('');
      await reader.close();
    }
  });

  it('item 5: an open DevTools panel reloading on a recurring leak does not keep the vault unlocked', async () => {
    {
      const w = await ext.currentWorker();
      // A 3-second idle timeout (the options page allows 1 minute at the least); unlocking is the
      // last user action.
      await w.evaluate(async () => {
        const { settings = {} } = (await chrome.storage.local.get('settings')) as { settings?: Record<string, unknown> };
        await chrome.storage.local.set({ settings: { ...settings, autoLockMinutes: 0.05 } });
      });
      expect((await call('vault.lock')).ok).toBe(true);
      expect((await call('vault.unlock', { passphrase: PASSPHRASE })).ok).toBe(true);

      const page = await ext.context.newPage();
      await page.goto(`${site!.url}/?page=recurring`);
      const tabId = await w.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url?.startsWith(url))!.id!, `${site!.url}/?page=recurring`);
      const panel = await ext.openPanel(tabId);
      await panel.getByTestId('panel-count').waitFor();
      const token = fakeAccessToken();
      // The page leaks the same token every 300 ms; each hit updates the panel, which reloads.
      await page.evaluate(({ api, t }) => {
        setInterval(() => void fetch(`${api}/v1/payments/search?access_token=${t}`).catch(() => undefined), 300);
      }, { api: `${site!.url}/api`, t: token });
      await expect.poll(() => panel.getByTestId('leak').count(), { timeout: 10_000 }).toBe(1);
      // The options page re-reads its overview meanwhile too (live updates).
      const poll = setInterval(() => void call('overview').catch(() => undefined), 400);
      try {
        await expect
          .poll(async () => (await ext.currentWorker()).evaluate(async () => Object.keys(await chrome.storage.session.get('vault.key')).length), {
            timeout: 30_000,
            interval: 500,
          })
          .toBe(0);
      } finally {
        clearInterval(poll);
      }
      await page.close();
      await panel.close();
    }
  });
});
