import { describe, expect, it } from 'vitest';
import { GRACE_MS, hygieneChecklist, renewalStatus } from '../../../src/core/tokens';
import { DAY, HOUR, T0 } from './fixtures';

describe('renewalStatus', () => {
  it('GRACE_MS is 12 hours', () => {
    expect(GRACE_MS).toBe(12 * HOUR);
  });
  it('never renewed: reminder due, no grace', () => {
    expect(renewalStatus({ lastRenewedAt: null, renewalStartedAt: null }, T0)).toEqual({
      reminderDue: true,
      daysSinceRenewal: null,
      graceEndsAt: null,
      inGrace: false,
      graceRemainingMs: 0,
    });
  });
  it('"I don\'t know" when the app was added: no reminder on day one, one after the reminder period since adding', () => {
    const app = { lastRenewedAt: null, renewalStartedAt: null, createdAt: T0 };
    expect(renewalStatus(app, T0)).toMatchObject({ reminderDue: false, daysSinceRenewal: null });
    expect(renewalStatus(app, T0 + 90 * DAY - 1).reminderDue).toBe(false);
    expect(renewalStatus(app, T0 + 90 * DAY)).toMatchObject({ reminderDue: true, daysSinceRenewal: null });
  });
  it('reminder exactly at 90 days (inclusive), configurable', () => {
    const app = { lastRenewedAt: T0, renewalStartedAt: null };
    expect(renewalStatus(app, T0 + 90 * DAY - 1)).toMatchObject({ reminderDue: false, daysSinceRenewal: 89 });
    expect(renewalStatus(app, T0 + 90 * DAY)).toMatchObject({ reminderDue: true, daysSinceRenewal: 90 });
    expect(renewalStatus(app, T0 + 30 * DAY, { reminderDays: 30 }).reminderDue).toBe(true);
    expect(renewalStatus(app, T0 + 30 * DAY - 1, { reminderDays: 30 }).reminderDue).toBe(false);
  });
  it('the 12-hour grace window: in at the start, out exactly at the end', () => {
    const app = { lastRenewedAt: T0 - 200 * DAY, renewalStartedAt: T0 };
    expect(renewalStatus(app, T0 - 1)).toMatchObject({ inGrace: false, graceEndsAt: T0 + GRACE_MS });
    expect(renewalStatus(app, T0)).toMatchObject({ inGrace: true, graceRemainingMs: GRACE_MS, reminderDue: false, daysSinceRenewal: 0 });
    expect(renewalStatus(app, T0 + GRACE_MS - 1)).toMatchObject({ inGrace: true, graceRemainingMs: 1 });
    expect(renewalStatus(app, T0 + GRACE_MS)).toMatchObject({ inGrace: false, graceRemainingMs: 0, reminderDue: false });
  });
  it('a renewal start counts as a renewal for the reminder', () => {
    const app = { lastRenewedAt: T0 - 200 * DAY, renewalStartedAt: T0 };
    expect(renewalStatus(app, T0 + 89 * DAY).reminderDue).toBe(false);
    expect(renewalStatus(app, T0 + 90 * DAY).reminderDue).toBe(true);
  });
});

describe('hygieneChecklist', () => {
  const app = { siteId: 'MLB' as const, lastRenewedAt: T0 - 10 * DAY, renewalStartedAt: null };
  it('all good', () => {
    const items = hygieneChecklist(app, { pkce: 'S256', redirectUriIsStatic: true, sharingReviewedAt: T0 - DAY, sandbox: false }, T0);
    expect(items.map((i) => [i.id, i.ok])).toEqual([
      ['pkce_enabled', true],
      ['redirect_static', true],
      ['sharing_reviewed', true],
      ['credentials_renewed', true],
      ['sandbox_vs_live', true],
    ]);
    expect(items.find((i) => i.id === 'sharing_reviewed')?.link).toBe('https://www.mercadopago.com.br/developers/panel/app');
    expect(items.find((i) => i.id === 'sandbox_vs_live')?.params).toEqual({ sandbox: false });
  });
  it('flags what needs doing', () => {
    const items = hygieneChecklist(
      { siteId: null, lastRenewedAt: null, renewalStartedAt: T0 - HOUR },
      { pkce: 'plain', redirectUriIsStatic: false, sharingReviewedAt: null, sandbox: true },
      T0,
    );
    const byId = Object.fromEntries(items.map((i) => [i.id, i]));
    expect(byId.pkce_enabled).toMatchObject({ ok: false, params: { mode: 'plain' } });
    expect(byId.redirect_static?.ok).toBe(false);
    expect(byId.sharing_reviewed).toMatchObject({ ok: false, link: 'https://www.mercadopago.com/developers/panel/app' });
    expect(byId.credentials_renewed?.ok).toBe(true);
    expect(byId.integrations_updated).toMatchObject({ ok: false, params: { graceEndsAt: T0 - HOUR + GRACE_MS } });
    expect(byId.sandbox_vs_live?.params).toEqual({ sandbox: true });
  });
  it('PKCE off and an old sharing review are not ok', () => {
    const items = hygieneChecklist(app, { pkce: 'off', redirectUriIsStatic: true, sharingReviewedAt: T0 - 90 * DAY, sandbox: false }, T0);
    expect(items.find((i) => i.id === 'pkce_enabled')?.ok).toBe(false);
    expect(items.find((i) => i.id === 'sharing_reviewed')?.ok).toBe(false);
  });
});
