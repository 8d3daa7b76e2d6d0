/**
 * Credential-renewal hygiene per application. Mercado Pago keeps the old credentials active for
 * 12 hours after a renewal: integrations must be updated within that window.
 */
import type { PkceMode } from '../oauth/app-config';
import { panelUrlFor, type SiteId } from '../sites';
import { DAY_MS, HOUR_MS } from './model';

/** Old credentials keep working for 12 hours after a renewal. */
export const GRACE_MS = 12 * HOUR_MS;
export const DEFAULT_REMINDER_DAYS = 90;
export const DEFAULT_SHARING_REVIEW_DAYS = 90;

export interface RenewalFields {
  /** When the user last renewed (or recorded renewing) the credentials; `null` if never recorded. */
  lastRenewedAt: number | null;
  /** When the user pressed "I renewed my credentials" (starts the 12-hour grace countdown). */
  renewalStartedAt: number | null;
  /**
   * When the application was added. With no renewal recorded ("I don't know" when adding it), the
   * reminder counts from here instead of nagging on day one.
   */
  createdAt?: number | null;
}

export interface RenewalStatus {
  /** A reminder to renew is due: `reminderDays` since the last renewal (or, none recorded, since the app was added; neither known: now), boundary included; never during the grace window. */
  reminderDue: boolean;
  /** Whole days since the last renewal; `null` if never recorded. */
  daysSinceRenewal: number | null;
  /** `renewalStartedAt + 12 h`; `null` without a renewal in progress. */
  graceEndsAt: number | null;
  /** `renewalStartedAt <= now < graceEndsAt`: old credentials still work, integrations must be updated. */
  inGrace: boolean;
  /** Milliseconds left in the grace window (0 outside it). */
  graceRemainingMs: number;
}

export function renewalStatus(app: RenewalFields, now: number, settings: { reminderDays?: number } = {}): RenewalStatus {
  const reminderMs = (settings.reminderDays ?? DEFAULT_REMINDER_DAYS) * DAY_MS;
  const started = app.renewalStartedAt;
  const graceEndsAt = started === null ? null : started + GRACE_MS;
  const inGrace = started !== null && graceEndsAt !== null && now >= started && now < graceEndsAt;
  const candidates = [app.lastRenewedAt, started].filter((x): x is number => x !== null);
  const last = candidates.length ? Math.max(...candidates) : null;
  const daysSinceRenewal = last === null ? null : Math.floor(Math.max(0, now - last) / DAY_MS);
  const since = last ?? app.createdAt ?? null;
  const reminderDue = !inGrace && (since === null || now - since >= reminderMs);
  return {
    reminderDue,
    daysSinceRenewal,
    graceEndsAt,
    inGrace,
    graceRemainingMs: inGrace && graceEndsAt !== null ? graceEndsAt - now : 0,
  };
}

export type HygieneItemId =
  | 'pkce_enabled'
  | 'redirect_static'
  | 'sharing_reviewed'
  | 'credentials_renewed'
  | 'integrations_updated'
  | 'sandbox_vs_live';

export interface HygieneItem {
  id: HygieneItemId;
  ok: boolean;
  /** Values for the localized sentence (mode, days, times). */
  params?: Record<string, string | number | boolean | null>;
  /** A link for the user (the country's developer panel). */
  link?: string;
}

export interface HygieneFacts {
  pkce: PkceMode;
  redirectUriIsStatic: boolean;
  /** When the user last reviewed "Share my credentials" permissions in the panel; `null` if never. */
  sharingReviewedAt: number | null;
  sandbox: boolean;
}

/**
 * The short per-application checklist: PKCE on (S256), redirect URL static, credential sharing
 * reviewed (link to the country's panel), credentials renewed recently, integrations updated
 * during a renewal's grace window (only while one runs), and sandbox vs live (informational).
 */
export function hygieneChecklist(
  app: RenewalFields & { siteId: SiteId | null },
  facts: HygieneFacts,
  now: number,
  settings: { reminderDays?: number; sharingReviewDays?: number } = {},
): HygieneItem[] {
  const renewal = renewalStatus(app, now, settings);
  const sharingMs = (settings.sharingReviewDays ?? DEFAULT_SHARING_REVIEW_DAYS) * DAY_MS;
  const panel = panelUrlFor(app.siteId);
  const items: HygieneItem[] = [
    { id: 'pkce_enabled', ok: facts.pkce === 'S256', params: { mode: facts.pkce }, link: panel },
    { id: 'redirect_static', ok: facts.redirectUriIsStatic },
    {
      id: 'sharing_reviewed',
      ok: facts.sharingReviewedAt !== null && now - facts.sharingReviewedAt < sharingMs,
      params: { reviewedAt: facts.sharingReviewedAt },
      link: panel,
    },
    {
      id: 'credentials_renewed',
      ok: !renewal.reminderDue,
      params: { daysSinceRenewal: renewal.daysSinceRenewal },
      link: panel,
    },
  ];
  if (renewal.inGrace) {
    items.push({ id: 'integrations_updated', ok: false, params: { graceEndsAt: renewal.graceEndsAt } });
  }
  items.push({ id: 'sandbox_vs_live', ok: true, params: { sandbox: facts.sandbox } });
  return items;
}
