/**
 * Application tokens (client credentials, 6 h): obtained on request, kept in the vault
 * (`apptoken:<id>`) with their non-secret metadata in storage.local (`appTokens`), and renewed by
 * the auto-refresh alarm when the user asked for it.
 */
import { clientCredentials, resolveEndpoints } from '../../core/oauth';
import { appTokenFrom, appTokenRenewAt, FAILED_RETRY_DELAY_MS, shouldRenewAppToken, type AppToken } from '../../core/tokens';
import { emit, getLocal, getSession, getSettings, setLocal, setSession } from '../infra';
import { isUnlocked, putSecret } from '../vault';
import { clientSecretOf, getApp } from './store';
import { adviceContext, coded } from './advice';

export const APP_TOKENS = 'appTokens';
export const appTokenSecretId = (appId: string) => `apptoken:${appId}`;
const APP_RENEW_FAILED = 'apptoken.renewFailed';

export async function obtainAppToken(appId: string) {
  const app = await getApp(appId);
  const clientSecret = await clientSecretOf(appId);
  const endpoints = resolveEndpoints(app.siteId, app.endpoints);
  let set;
  try {
    set = await clientCredentials({ endpoints, clientId: app.clientId, clientSecret, fetch: (...a) => fetch(...a), now: Date.now(), testToken: app.sandbox });
  } catch (e) {
    coded(e, 'client_credentials', adviceContext(app));
  }
  await putSecret(appTokenSecretId(appId), { accessToken: set.accessToken });
  const token = appTokenFrom(appId, set, Date.now());
  const all = (await getLocal<AppToken[]>(APP_TOKENS)) ?? [];
  await setLocal({ [APP_TOKENS]: [...all.filter((t) => t.appId !== appId), token] });
  emit('apps');
  return token;
}

export async function appTokens(): Promise<AppToken[]> {
  return (await getLocal<AppToken[]>(APP_TOKENS)) ?? [];
}

export async function renewFailures(): Promise<Record<string, number>> {
  return (await getSession<Record<string, number>>(APP_RENEW_FAILED)) ?? {};
}

/** When each application token should be renewed: before its end, or an hour after a failed try. */
export function appRenewAt(token: AppToken, failures: Record<string, number>): number {
  const failedAt = failures[token.appId];
  return Math.max(appTokenRenewAt(token), failedAt !== undefined ? failedAt + FAILED_RETRY_DELAY_MS : 0);
}

/** Renews the application tokens that are due, when the setting is on and the vault is open. */
export async function autoRenewAppTokens(): Promise<void> {
  const settings = await getSettings();
  if (!settings.autoRenewAppTokens || !(await isUnlocked())) return;
  const now = Date.now();
  const failures = await renewFailures();
  const due = (await appTokens()).filter((t) => shouldRenewAppToken(t, now) && now >= appRenewAt(t, failures));
  for (const t of due) {
    await navigator.locks.request(`apptoken:${t.appId}`, async () => {
      // Renewed by someone else while we waited (a click on "Renew")?
      const current = (await appTokens()).find((x) => x.appId === t.appId);
      if (!current || !shouldRenewAppToken(current, Date.now())) return;
      try {
        await obtainAppToken(t.appId);
        const failed = await renewFailures();
        delete failed[t.appId];
        await setSession({ [APP_RENEW_FAILED]: failed });
      } catch {
        // Shown as expiring/expired in the popup; tried again an hour later, never in a loop.
        await setSession({ [APP_RENEW_FAILED]: { ...(await renewFailures()), [t.appId]: Date.now() } });
      }
    });
  }
}
