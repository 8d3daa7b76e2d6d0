/**
 * Every failure a user can meet while linking or refreshing, in real Chromium against the sandbox:
 * each row checks the exact code, sentence and next step of the one notice shown for its subject,
 * and that no second, contradicting notice (the generic "background did not answer" in
 * particular) is on the page. The sandbox keeps connections alive for a minute, as a real front
 * end does, so requests go out on reused connections exactly as they do for real users.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { launchExtension, type Ext } from './harness';
import { addApp, appCard, enText, linkSeller, openAdvanced, PASSPHRASE, sandboxFor, setupVault, SANDBOX_SECRET } from './flows';
import { DEFAULT_SELLERS, type Sandbox, type SandboxSeller } from '../../scripts/sandbox/server';

const CLIENT_ID = '1234567890123456';
const APP_NAME = 'Sandbox App';
const SELLERS: SandboxSeller[] = [
  ...DEFAULT_SELLERS,
  ...Array.from({ length: 9 }, (_, i) => ({
    userId: `42000000${i}`,
    nickname: `MATRIX${i}`,
    siteId: 'MLA' as const,
    email: `test_user_42000000${i}@testuser.com`,
  })),
];

interface Expected {
  code: string;
  message: string;
  next: string;
}

/** The subject has exactly one notice, and it is the expected one, word for word. */
async function expectOneNotice(scope: Locator, want: Expected): Promise<void> {
  const alerts = scope.locator('.notice[data-code]');
  await expect.poll(() => alerts.evaluateAll((els) => els.map((e) => e.getAttribute('data-code'))), { timeout: 30_000 }).toEqual([want.code]);
  expect(await alerts.locator('.notice-message').textContent()).toBe(want.message);
  expect(await alerts.locator('.notice-next').first().textContent()).toBe(enText('errorNextStep', [want.next]));
  expect(await alerts.locator('.notice-code').last().textContent()).toBe(enText('errorCode', [want.code]));
}

/** Nowhere on the page is the generic "background did not answer" (or its "restarted" form). */
async function expectNoGenericNotice(page: Page): Promise<void> {
  // Give a late generic notice the time to appear if it were going to.
  await page.waitForTimeout(600);
  expect(await page.locator('[data-code="background_unreachable"], [data-code="background_restarted"]').count()).toBe(0);
}

describe('error matrix: one notice that says what happened', () => {
  let ext: Ext;
  let sb: Sandbox;
  let options: Page;
  let appId: string;
  let nextSeller = 0;
  const redirect = () => `https://${ext.id}.chromiumapp.org/`;

  async function worker() {
    return ext.currentWorker();
  }
  async function call(type: string, payload: Record<string, unknown> = {}) {
    return options.evaluate(([t, p]) => chrome.runtime.sendMessage({ type: t, payload: p }), [type, payload] as const) as Promise<{ ok: boolean; value?: unknown }>;
  }
  async function storedIds(): Promise<string[]> {
    return (await worker()).evaluate(async () => (((await chrome.storage.local.get('accounts')).accounts as { id: string }[]) ?? []).map((a) => a.id));
  }
  async function linkNext(): Promise<{ seller: SandboxSeller; id: string }> {
    const seller = SELLERS[nextSeller++]!;
    sb.setAutoApprove(seller.userId);
    await linkSeller(options, APP_NAME);
    const id = `${appId}:${seller.userId}`;
    await expect.poll(storedIds, { timeout: 20_000 }).toContain(id);
    return { seller, id };
  }
  function row(popup: Page, id: string) {
    return popup.locator(`[data-testid="account-row"][data-account-id="${id}"]`);
  }
  const refreshRequests = () => sb.tokenRequests('refresh_token');

  beforeAll(async () => {
    ext = await launchExtension();
    sb = await sandboxFor(ext, { sellers: SELLERS, connections: { keepAliveMs: 60_000 } });
    await setupVault(ext);
    options = await ext.openOptions();
    await addApp(options, sb, { name: APP_NAME, clientId: CLIENT_ID, clientSecret: SANDBOX_SECRET, sandbox: true });
    appId = (await options.getByTestId('app-card').first().getAttribute('data-app-id'))!;
  });
  afterEach(async () => {
    sb.clearFaults();
    sb.setAutoApprove(null);
    sb.addRedirectUri(CLIENT_ID, redirect());
    const state = (await call('vault.state')) as { value?: { state: string } };
    if (state.value?.state === 'locked') await call('vault.unlock', { passphrase: PASSPHRASE });
    await call('flow.dismissInterrupted');
    for (const id of await storedIds()) await call('accounts.remove', { accountId: id });
    for (const p of ext.context.pages()) if (p !== options && !p.isClosed()) await p.close();
    if (options.isClosed()) options = await ext.openOptions();
    else await options.reload();
  });
  afterAll(async () => {
    await ext?.close();
    await sb?.close();
  });

  it('authorization page 400 (Redirect URL not registered) → auth_page_refused naming the Redirect URL, the client id and the custom authorization URL', async () => {
    sb.updateApp(CLIENT_ID, { redirectUris: [] });
    const card = appCard(options, APP_NAME);
    await card.getByRole('button', { name: 'Link a seller account' }).click();
    const params = { clientId: CLIENT_ID, endpoint: `${sb.url}/authorization`, redirectUrl: redirect(), status: '400' };
    const subs = [params.clientId, params.endpoint, params.redirectUrl, params.status];
    await expectOneNotice(card, {
      code: 'auth_page_refused',
      message: enText('err_auth_page_refused', subs),
      next: enText('advice_check_redirect_client_endpoint', subs),
    });
    expect(await card.textContent()).not.toContain('window was closed');
    await expectNoGenericNotice(options);
    // The probe was one plain GET of the authorization page, after the browser's own attempt.
    const auth = sb.requests.filter((r) => r.path === '/authorization');
    expect(auth.slice(-2).map((r) => [r.status, r.error])).toEqual([[400, 'redirect_uri_mismatch'], [400, 'redirect_uri_mismatch']]);
    expect(await options.getByTestId('options-account').count()).toBe(0);
  });

  it('custom authorization URL nobody answers → auth_page_unreachable pointing at that URL, not at a closed window', async () => {
    const card = appCard(options, APP_NAME);
    await card.getByRole('button', { name: 'Edit' }).click();
    const form = options.getByTestId('app-form').first();
    await openAdvanced(form);
    const dead = 'http://127.0.0.1:9/authorization';
    await form.getByLabel('Authorization URL').fill(dead);
    // Where an application's requests go is security-relevant: the passphrase is asked again.
    await form.getByLabel('Vault passphrase (asked again for this change)').fill(PASSPHRASE);
    await form.getByRole('button', { name: 'Save application' }).click();
    await expect.poll(() => appCard(options, APP_NAME).getByTestId('app-endpoint-authorization').textContent()).toBe(dead);
    try {
      await card.getByRole('button', { name: 'Link a seller account' }).click();
      await expectOneNotice(card, {
        code: 'auth_page_unreachable',
        message: enText('err_auth_page_unreachable'),
        next: enText('advice_check_custom_authorization', [dead]),
      });
      await expectNoGenericNotice(options);
    } finally {
      await card.getByRole('button', { name: 'Edit' }).click();
      await openAdvanced(form);
      await form.getByLabel('Authorization URL').fill(`${sb.url}/authorization`);
      await form.getByLabel('Vault passphrase (asked again for this change)').fill(PASSPHRASE);
      await form.getByRole('button', { name: 'Save application' }).click();
      await card.getByRole('button', { name: 'Edit' }).waitFor();
    }
  });

  it('window closed by the user → flow_cancelled, "let the seller finish in that window"', async () => {
    const card = appCard(options, APP_NAME);
    const consent = ext.context.waitForEvent('page', { predicate: (p) => p.url().includes('/authorization'), timeout: 20_000 });
    await card.getByRole('button', { name: 'Link a seller account' }).click();
    const page = await consent;
    await page.getByRole('button', { name: /Approve as/ }).first().waitFor();
    await page.close();
    await expectOneNotice(card, {
      code: 'flow_cancelled',
      message: enText('err_flow_cancelled'),
      next: enText('advice_link_again_let_finish'),
    });
    await expectNoGenericNotice(options);
  });

  it('token 500 → server_error: the old token is kept, said once', async () => {
    const { id } = await linkNext();
    sb.inject({ kind: 'status', status: 500, grant: 'refresh_token' });
    const popup = await ext.openPopup();
    await row(popup, id).getByRole('button', { name: 'Refresh now' }).click();
    await expectOneNotice(row(popup, id), {
      code: 'server_error',
      message: enText('err_server_error'),
      next: enText('advice_retry_later_token_kept'),
    });
    expect(await row(popup, id).getAttribute('data-status')).toBe('refresh_failed');
    const text = (await row(popup, id).locator('.notice[data-code]').textContent())!;
    expect(text.match(/old token/g)).toHaveLength(1);
    await expectNoGenericNotice(popup);
  });

  it('429 → a live countdown inside the notice; Refresh now is disabled until it ends, then works', async () => {
    const { id } = await linkNext();
    sb.inject({ kind: 'rate_limit', retryAfter: 4, grant: 'refresh_token' });
    const popup = await ext.openPopup();
    const r = row(popup, id);
    const button = r.getByRole('button', { name: 'Refresh now' });
    await button.click();
    await expectOneNotice(r, {
      code: 'local_rate_limited',
      message: enText('err_local_rate_limited'),
      next: enText('advice_wait_and_retry'),
    });
    const timer = r.getByTestId('retry-after');
    await expect.poll(() => timer.textContent()).toMatch(/^Mercado Pago asked to wait: the next refresh is possible in 00:00:0[1-4]\.$/);
    const first = Number(await timer.getAttribute('data-seconds'));
    await expect.poll(async () => Number(await timer.getAttribute('data-seconds')), { timeout: 3000 }).toBeLessThan(first);
    expect(await button.isDisabled()).toBe(true);
    const sent = refreshRequests().length;
    await button.click({ force: true }).catch(() => undefined);
    // The wait ends: the countdown goes, the control comes back, the advice says so.
    await expect.poll(() => timer.count(), { timeout: 8000 }).toBe(0);
    expect(await button.isDisabled()).toBe(false);
    expect(refreshRequests().length).toBe(sent);
    await expectOneNotice(r, { code: 'local_rate_limited', message: enText('err_local_rate_limited'), next: enText('advice_rate_limit_over') });
    await button.click();
    await expect.poll(() => r.getAttribute('data-status'), { timeout: 15_000 }).toBe('ok');
    expect(await r.locator('.notice[data-code]').count()).toBe(0);
  });

  it('malformed body → invalid_response: status "outcome unknown" and the alert tell the same story', async () => {
    const { id } = await linkNext();
    sb.inject({ kind: 'malformed_json', grant: 'refresh_token' });
    const popup = await ext.openPopup();
    const r = row(popup, id);
    await r.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => r.getAttribute('data-status'), { timeout: 15_000 }).toBe('outcome_unknown');
    await expectOneNotice(r, {
      code: 'invalid_response',
      message: enText('err_invalid_response'),
      next: enText('advice_retry_once_after_rotation'),
    });
    expect(await r.textContent()).not.toContain('got no answer');
    expect(await r.getByRole('button', { name: 'Retry once' }).isVisible()).toBe(true);
    await expectNoGenericNotice(popup);
  });

  it('timeout (no answer within 20 s) → outcome_unknown, one deliberate retry', async () => {
    const { id } = await linkNext();
    sb.inject({ kind: 'latency', ms: 22_000, grant: 'refresh_token' });
    const popup = await ext.openPopup();
    const r = row(popup, id);
    await r.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => r.getAttribute('data-status'), { timeout: 30_000 }).toBe('outcome_unknown');
    await expectOneNotice(r, {
      code: 'outcome_unknown',
      message: enText('err_outcome_unknown'),
      next: enText('advice_retry_once_deliberately'),
    });
    expect(await r.getByRole('button', { name: 'Retry once' }).isVisible()).toBe(true);
    await expectNoGenericNotice(popup);
  }, 60_000);

  it('worker stopped mid-refresh → refresh_interrupted in the row that was clicked, never "background did not answer"', async () => {
    const { id } = await linkNext();
    sb.inject({ kind: 'latency', ms: 3000, grant: 'refresh_token' });
    const popup = await ext.openPopup();
    const r = row(popup, id);
    await r.getByRole('button', { name: 'Refresh now' }).click();
    await expect
      .poll(async () => (await worker()).evaluate(async () => Object.keys(((await chrome.storage.session.get('refresh.inflight'))['refresh.inflight'] as object) ?? {})))
      .toEqual([id]);
    await ext.stopServiceWorker();
    await expect.poll(() => r.getAttribute('data-status'), { timeout: 20_000 }).toBe('outcome_unknown');
    await expectOneNotice(r, {
      code: 'refresh_interrupted',
      message: enText('err_refresh_interrupted'),
      next: enText('advice_retry_once_deliberately'),
    });
    await expectNoGenericNotice(popup);
    expect(await popup.locator('.notice[data-code]').count()).toBe(1);
  });

  it('worker stopped mid-exchange → "interrupted, nothing was saved, link again", and nothing else', async () => {
    sb.inject({ kind: 'latency', ms: 4000, grant: 'authorization_code' });
    sb.setAutoApprove(SELLERS[nextSeller++]!.userId);
    const card = appCard(options, APP_NAME);
    await card.getByRole('button', { name: 'Link a seller account' }).click();
    await expect
      .poll(async () => (await worker()).evaluate(async () => Object.keys(((await chrome.storage.session.get('oauth.exchanging'))['oauth.exchanging'] as object) ?? {}).length), { timeout: 15_000 })
      .toBe(1);
    await ext.stopServiceWorker();
    const notice = options.getByText(enText('flowInterrupted'));
    await expect.poll(() => notice.count(), { timeout: 20_000 }).toBe(1);
    await expectNoGenericNotice(options);
    expect(await card.locator('.notice[data-code]').count()).toBe(0);
    expect(await options.getByTestId('options-account').count()).toBe(0);
    const popup = await ext.openPopup();
    await expect.poll(() => popup.getByText(enText('flowInterrupted')).count()).toBe(1);
    expect(await popup.locator('.notice[data-code]').count()).toBe(0);
  });

  it('invalid_grant after a drop on a reused keep-alive connection: the browser resent the refresh; the notice names every cause, one click re-links', async () => {
    const { seller, id } = await linkNext();
    const popup = await ext.openPopup();
    const r = row(popup, id);
    // A first refresh, so the browser holds an idle keep-alive connection to the token endpoint,
    // as it does after any earlier request to Mercado Pago.
    await r.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => refreshRequests().at(-1)?.status, { timeout: 15_000 }).toBe(200);
    await expect.poll(() => r.getAttribute('data-status')).toBe('ok');
    const before = refreshRequests().length;
    sb.inject({ kind: 'drop_after_rotate' });

    await r.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => r.getAttribute('data-status'), { timeout: 15_000 }).toBe('needs_relink');
    // One click, one fetch() in the worker, two requests at Mercado Pago: the first rotated the
    // token and lost its answer on the reused connection; Chromium resent it on a fresh one, with
    // the now spent token.
    const sent = refreshRequests().slice(before);
    expect(sent.map((x) => [x.status, x.reusedConnection, x.error ?? null])).toEqual([
      [0, true, null],
      [400, false, 'invalid_grant'],
    ]);
    await expectOneNotice(r, { code: 'invalid_grant', message: enText('err_invalid_grant'), next: enText('advice_relink') });
    const text = (await r.locator('.notice[data-code]').textContent())!;
    for (const cause of ['revoked access', '180 days', 'an earlier answer was lost on the way after Mercado Pago had already rotated it']) expect(text).toContain(cause);
    await expectNoGenericNotice(popup);

    sb.setAutoApprove(seller.userId);
    await r.getByRole('button', { name: 'Re-link' }).click();
    await expect.poll(() => r.getAttribute('data-status'), { timeout: 20_000 }).toBe('ok');
    expect(await r.locator('.notice[data-code]').count()).toBe(0);
  });

  it('invalid_grant after revocation → the same notice with every cause, and one-click re-link', async () => {
    const { seller, id } = await linkNext();
    sb.revokeGrants(seller.userId);
    const popup = await ext.openPopup();
    const r = row(popup, id);
    await r.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => r.getAttribute('data-status'), { timeout: 15_000 }).toBe('needs_relink');
    await expectOneNotice(r, { code: 'invalid_grant', message: enText('err_invalid_grant'), next: enText('advice_relink') });
    await expectNoGenericNotice(popup);
    sb.setAutoApprove(seller.userId);
    await r.getByRole('button', { name: 'Re-link' }).click();
    await expect.poll(() => r.getAttribute('data-status'), { timeout: 20_000 }).toBe('ok');
  });

  it('measured: no fetch option keeps Chromium from resending a POST whose reused connection closed before any answer', async () => {
    const w = await worker();
    const body = `grant_type=client_credentials&client_id=${CLIENT_ID}&client_secret=${SANDBOX_SECRET}`;
    const variants: Record<string, Record<string, unknown>> = {
      default: {},
      'Connection: close (a forbidden header, silently dropped)': { headers: { 'content-type': 'application/x-www-form-urlencoded', connection: 'close' } },
      'keepalive: true': { keepalive: true },
      "cache: 'no-store'": { cache: 'no-store' },
      "credentials: 'omit'": { credentials: 'omit' },
      "priority: 'high'": { priority: 'high' },
    };
    const send = (init: Record<string, unknown>) =>
      w.evaluate(async ([u, b, i]) => {
        try {
          const r = await fetch(u, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: b, ...(i as RequestInit) });
          await r.text();
          return r.status;
        } catch {
          return 0;
        }
      }, [`${sb.url}/oauth/token`, body, init] as const);
    const seen: Record<string, number> = {};
    for (const [name, init] of Object.entries(variants)) {
      expect(await send(init)).toBe(200); // leaves an idle keep-alive connection
      const before = sb.tokenRequests().length;
      sb.inject({ kind: 'drop', grant: 'client_credentials' });
      expect(await send(init)).toBe(200); // the resend succeeded: the caller never saw the drop
      seen[name] = sb.tokenRequests().length - before;
    }
    console.log('requests at the server for one fetch() whose reused connection dropped:', seen);
    expect(Object.values(seen).every((n) => n === 2)).toBe(true);
    // Streaming the body (which could not be replayed) needs HTTP/2: over HTTP/1.1 the request fails outright.
    const streamed = await w.evaluate(async ([u, b]) => {
      try {
        await fetch(u, { method: 'POST', body: new Blob([b]).stream(), duplex: 'half' } as RequestInit);
        return 'sent';
      } catch (e) {
        return (e as Error).name;
      }
    }, [`${sb.url}/oauth/token`, body] as const);
    expect(streamed).toBe('TypeError');
    // Only a connection the server does not keep (Connection: close) makes the drop reach the caller.
    sb.setConnections('close');
    try {
      expect(await send({})).toBe(200);
      const before = sb.tokenRequests().length;
      sb.inject({ kind: 'drop', grant: 'client_credentials' });
      expect(await send({})).toBe(0);
      expect(sb.tokenRequests().length - before).toBe(1);
    } finally {
      sb.setConnections({ keepAliveMs: 60_000 });
    }
  });
});
