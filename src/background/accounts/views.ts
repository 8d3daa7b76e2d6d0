/**
 * What pages see: accounts and applications with masked values only, and statuses computed by
 * core/tokens for "now". Nothing here returns a raw secret.
 */
import { accountStatus, appTokenStatus, hygieneChecklist, renewalStatus, sortByUrgency, type Account, type AppToken } from '../core/tokens';
import { errorAdvice, isStaticRedirectUri, type OAuthErrorCode } from '../core/oauth';
import { SITES } from '../core/sites';
import { maskSecret } from '../core/mask';
import type { AccountView, AppView, Overview } from '../shared/api';
import type { Settings } from '../shared/settings';
import { getLocal } from './storage';
import { listApps, appSecretId, type StoredApp } from './apps';
import { listAccounts, timelineOf } from './accounts';
import { getSecret, vaultState, type VaultState } from './vault';
import { getSettings } from './settings';
import { adviceContext, interruptedFlow, APP_TOKENS } from './features/linking';
import { waitingForUnlock } from './refresh';

/** Everything the views need, read once per answer rather than once per row. */
interface ViewContext {
  now: number;
  settings: Settings;
  vault: VaultState;
  locked: boolean;
  apps: StoredApp[];
  accounts: Account[];
  tokens: AppToken[];
  waiting: string[];
}

async function viewContext(): Promise<ViewContext> {
  const [vault, apps, accounts, tokens, settings, waiting] = await Promise.all([
    vaultState(),
    listApps(),
    listAccounts(),
    getLocal<AppToken[]>(APP_TOKENS),
    getSettings(),
    waitingForUnlock(),
  ]);
  return { now: Date.now(), settings, vault, locked: vault.state !== 'unlocked', apps, accounts, tokens: tokens ?? [], waiting };
}

export async function accountView(a: Account, context?: ViewContext): Promise<AccountView> {
  const { now, settings, locked, apps, waiting } = context ?? (await viewContext());
  const status = accountStatus(a, now, { expiringSoonDays: settings.expiringSoonDays, refreshWithinDays: settings.refreshWithinDays, locked });
  const app = apps.find((x) => x.id === a.appId);
  return {
    id: a.id,
    appId: a.appId,
    appName: app?.name ?? '',
    userId: a.userId,
    nickname: a.nickname,
    siteId: a.siteId,
    liveMode: a.liveMode,
    profileError: !!a.profileError,
    accessExpiresAt: a.accessExpiresAt,
    linkedAt: a.linkedAt,
    lastRefreshAt: a.lastRefreshAt,
    status,
    waitingForUnlock: waiting.includes(a.id),
    lastError: a.lastError
      ? { ...a.lastError, advice: errorAdvice(a.lastError.code as OAuthErrorCode, 'refresh_token', adviceContext(app ?? {})) }
      : null,
    maskedAccess: a.maskedAccess,
    maskedRefresh: a.maskedRefresh,
    timeline: (await timelineOf(a.id)).slice(-20).reverse(),
  };
}

export async function appView(app: StoredApp, context?: ViewContext): Promise<AppView> {
  const { now, settings, locked, tokens } = context ?? (await viewContext());
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

export async function buildOverview(): Promise<Overview> {
  const ctx = await viewContext();
  const { settings, locked } = ctx;
  const sorted = sortByUrgency(ctx.accounts, ctx.now, { expiringSoonDays: settings.expiringSoonDays, refreshWithinDays: settings.refreshWithinDays, locked });
  return {
    vault: ctx.vault,
    accounts: await Promise.all(sorted.map((a) => accountView(a, ctx))),
    apps: await Promise.all(ctx.apps.map((a) => appView(a, ctx))),
    redirectUrl: chrome.identity.getRedirectURL(),
    interruptedFlow: await interruptedFlow(),
  };
}
