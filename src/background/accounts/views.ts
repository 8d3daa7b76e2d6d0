/**
 * What pages see of accounts, and the overview that gathers the vault's state, every account and
 * every application: masked values only, statuses computed by core/tokens for "now". Nothing here
 * returns a raw secret.
 */
import { accountStatus, sortByUrgency, type Account, type AppToken } from '../../core/tokens';
import { errorAdvice, type OAuthErrorCode } from '../../core/oauth';
import type { AccountView, Overview } from '../../shared/api';
import { getLocal, getSettings } from '../infra';
import { vaultState, type VaultState } from '../vault';
import { adviceContext, APP_TOKENS, appView, listApps, type AppViewContext, type StoredApp } from '../applications';
import { listAccounts, timelineOf } from './store';
import { interruptedFlow } from './linking';
import { waitingForUnlock } from './refresh';

/** Everything the views need, read once per answer rather than once per row. */
interface ViewContext extends AppViewContext {
  vault: VaultState;
  apps: StoredApp[];
  accounts: Account[];
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
