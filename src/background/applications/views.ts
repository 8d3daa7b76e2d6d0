/**
 * What pages see of an application: its configuration, the masked client secret, its application
 * token, the renewal reminder and the hygiene checklist, computed by core/tokens for "now".
 * Nothing here returns a raw secret.
 */
import { appTokenStatus, hygieneChecklist, renewalStatus, type AppToken } from '../../core/tokens';
import { isStaticRedirectUri } from '../../core/oauth';
import { SITES } from '../../core/sites';
import { maskSecret } from '../../core/mask';
import type { AppView } from '../../shared/api';
import type { Settings } from '../../shared/settings';
import { getLocal, getSettings } from '../infra';
import { getSecret, vaultState } from '../vault';
import { appSecretId, type StoredApp } from './store';
import { APP_TOKENS } from './tokens';

/** What an application's view needs, read once per answer rather than once per row. */
export interface AppViewContext {
  now: number;
  settings: Settings;
  locked: boolean;
  tokens: AppToken[];
}

async function appViewContext(): Promise<AppViewContext> {
  const [vault, tokens, settings] = await Promise.all([vaultState(), getLocal<AppToken[]>(APP_TOKENS), getSettings()]);
  return { now: Date.now(), settings, locked: vault.state !== 'unlocked', tokens: tokens ?? [] };
}

export async function appView(app: StoredApp, context?: AppViewContext): Promise<AppView> {
  const { now, settings, locked, tokens } = context ?? (await appViewContext());
  let maskedSecret: string | null = null;
  if (!locked) {
    const rec = await getSecret<{ clientSecret: string }>(appSecretId(app.id)).catch(() => null);
    maskedSecret = rec ? maskSecret(rec.clientSecret) : null;
  }
  const token = tokens.find((t) => t.appId === app.id) ?? null;
  const renewal = renewalStatus(app, now, { reminderDays: settings.renewalReminderDays });
  const site = SITES[app.siteId] ?? { panelUrl: '' }; // stored data is never trusted to be well-formed
  return {
    id: app.id,
    name: app.name,
    clientId: app.clientId,
    siteId: app.siteId,
    pkce: app.pkce,
    sandbox: app.sandbox,
    ...(app.endpoints ? { endpoints: app.endpoints } : {}),
    lastRenewedAt: app.lastRenewedAt,
    renewalStartedAt: app.renewalStartedAt,
    sharingReviewedAt: app.sharingReviewedAt,
    maskedSecret,
    panelUrl: site.panelUrl,
    appToken: token ? { ...token, status: appTokenStatus(token, now) as 'ok' | 'expiring_soon' | 'expired' } : null,
    renewal: {
      reminderDue: renewal.reminderDue,
      daysSinceRenewal: renewal.daysSinceRenewal,
      graceEndsAt: renewal.graceEndsAt,
      inGrace: renewal.inGrace,
    },
    checklist: hygieneChecklist(app, {
      pkce: app.pkce,
      redirectUriIsStatic: isStaticRedirectUri(chrome.identity.getRedirectURL()),
      sharingReviewedAt: app.sharingReviewedAt,
      sandbox: app.sandbox,
    }, now, { reminderDays: settings.renewalReminderDays }).map((i) => ({ id: i.id, ok: i.ok })),
  };
}
