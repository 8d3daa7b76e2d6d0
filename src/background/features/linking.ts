/**
 * Linking seller accounts (authorization code + PKCE through chrome.identity.launchWebAuthFlow)
 * and application tokens (client credentials). The whole flow runs here, never in a page: a
 * popup that loses focus dies, the service worker does not.
 */
import {
  clientCredentials,
  errorAdvice,
  exchangeCode,
  fetchUserMe,
  isOAuthError,
  parseCallback,
  resolveEndpoints,
  startAuthorization,
  type OAuthGrant,
  type PendingFlow,
} from '../../core/oauth';
import { appTokenFrom, type AppToken } from '../../core/tokens';
import type { Handler } from '../router';
import { CodedError } from '../router';
import { getSession, removeSession, setSession, getLocal, setLocal } from '../storage';
import { clientSecretOf, getApp, removeApp, upsertApp, listApps, saveApps, appSecretId, bindingOf } from '../apps';
import { accountSecrets, getAccount, listAccounts, removeAccount, saveLinked } from '../accounts';
import { putSecret, getSecret, deleteSecrets, requireKey, requireUnlocked } from '../vault';
import { emit } from '../events';
import { accountView, appView, buildOverview } from '../views';

const PENDING = 'oauth.pending';
const USED_STATES = 'oauth.usedStates';
const INTERRUPTED = 'oauth.interrupted';
const USED_STATES_CAP = 100;
export const APP_TOKENS = 'appTokens';
export const appTokenSecretId = (appId: string) => `apptoken:${appId}`;

/** Flows started by this worker instance; anything else in storage belongs to a dead worker. */
const liveFlows = new Set<string>();

/**
 * On worker start: a pending flow that no live worker owns was cut off by a restart between
 * launch and callback. Forget it (its state can never be accepted again) and tell the pages.
 */
export async function sweepInterruptedFlows(): Promise<void> {
  const pending = (await getSession<Record<string, PendingFlow>>(PENDING)) ?? {};
  const orphans = Object.values(pending).filter((p) => !liveFlows.has(p.state));
  if (orphans.length === 0) return;
  const used = (await getSession<string[]>(USED_STATES)) ?? [];
  const rest = Object.fromEntries(Object.entries(pending).filter(([s]) => liveFlows.has(s)));
  const last = orphans.sort((a, b) => b.startedAt - a.startedAt)[0]!;
  await setSession({
    [PENDING]: rest,
    [USED_STATES]: [...used, ...orphans.map((o) => o.state)].slice(-USED_STATES_CAP),
    [INTERRUPTED]: { appId: last.appId, at: Date.now() },
  });
  emit('accounts');
}

/**
 * Ends a flow either way: forgets its pending entry and burns its state so it can never be
 * accepted again. Returns the states used before this one (what the callback is checked against).
 */
async function endFlow(state: string): Promise<string[]> {
  const pending = (await getSession<Record<string, PendingFlow>>(PENDING)) ?? {};
  delete pending[state];
  const used = (await getSession<string[]>(USED_STATES)) ?? [];
  await setSession({ [PENDING]: pending, [USED_STATES]: [...used, state].slice(-USED_STATES_CAP) });
  return used;
}

function coded(e: unknown, grant: OAuthGrant): never {
  if (isOAuthError(e)) throw new CodedError(e.code, { ...e.params, advice: errorAdvice(e.code, grant) });
  throw e;
}

async function runFlow(appId: string, relinkAccountId?: string) {
  const app = await getApp(appId);
  const clientSecret = await clientSecretOf(appId); // fails with `locked` before any window opens
  const endpoints = resolveEndpoints(app.siteId, app.endpoints);
  const redirectUri = chrome.identity.getRedirectURL();
  const relinkUserId = relinkAccountId ? (await getAccount(relinkAccountId)).userId : undefined;
  const { url, pending } = await startAuthorization({ app, redirectUri, endpoints, now: Date.now(), ...(relinkUserId ? { relinkUserId } : {}) });

  const all = (await getSession<Record<string, PendingFlow>>(PENDING)) ?? {};
  await setSession({ [PENDING]: { ...all, [pending.state]: pending } });
  liveFlows.add(pending.state);

  let responseUrl: string | undefined;
  try {
    responseUrl = await chrome.identity.launchWebAuthFlow({ url, interactive: true });
  } catch {
    // The user closed the window (or the browser refused to open it).
  } finally {
    liveFlows.delete(pending.state);
  }
  const usedBefore = await endFlow(pending.state);
  if (!responseUrl) throw new CodedError('flow_cancelled');

  const result = parseCallback({ callbackUrl: responseUrl, pending, now: Date.now(), usedStates: usedBefore });
  if (!result.ok) throw new CodedError(result.error.code, { ...result.error.params, advice: errorAdvice(result.error.code, 'callback') });

  let tokens;
  try {
    tokens = await exchangeCode({
      endpoints,
      clientId: app.clientId,
      clientSecret,
      fetch: (...a) => fetch(...a),
      now: Date.now(),
      code: result.code,
      redirectUri,
      verifier: pending.verifier,
      testToken: app.sandbox,
    });
  } catch (e) {
    coded(e, 'authorization_code');
  }
  if (relinkUserId && tokens.userId !== relinkUserId) throw new CodedError('relink_user_mismatch', { advice: 'relink_same_seller' });

  // The profile is a nicety: if /users/me fails the account is still linked, marked as such.
  const profile = await fetchUserMe({ api: endpoints.api, accessToken: tokens.accessToken, fetch: (...a) => fetch(...a) }).catch(() => null);
  const account = await saveLinked(appId, tokens, profile);
  await removeSession(INTERRUPTED);
  return account;
}

async function obtainAppToken(appId: string) {
  const app = await getApp(appId);
  const clientSecret = await clientSecretOf(appId);
  const endpoints = resolveEndpoints(app.siteId, app.endpoints);
  let set;
  try {
    set = await clientCredentials({ endpoints, clientId: app.clientId, clientSecret, fetch: (...a) => fetch(...a), now: Date.now(), testToken: app.sandbox });
  } catch (e) {
    coded(e, 'client_credentials');
  }
  await putSecret(appTokenSecretId(appId), { accessToken: set.accessToken });
  const token = appTokenFrom(appId, set, Date.now());
  const all = (await getLocal<AppToken[]>(APP_TOKENS)) ?? [];
  await setLocal({ [APP_TOKENS]: [...all.filter((t) => t.appId !== appId), token] });
  emit('apps');
  return token;
}
export { obtainAppToken };

type K =
  | 'overview'
  | 'apps.save'
  | 'apps.remove'
  | 'apps.appToken'
  | 'apps.renewed'
  | 'apps.sharingReviewed'
  | 'accounts.link'
  | 'accounts.remove'
  | 'secret.reveal'
  | 'flow.dismissInterrupted';

export const linkingHandlers: { [P in K]: Handler<P> } = {
  overview: () => buildOverview(),
  async 'apps.save'(input) {
    await requireUnlocked();
    const app = await upsertApp(input);
    return appView(app);
  },
  async 'apps.remove'({ appId }) {
    await requireUnlocked();
    // Sellers linked through the application go with it: without its client secret their tokens
    // can never be refreshed again. Each is removed as "Remove" on the account does it (vault
    // record, history, fingerprints).
    for (const account of (await listAccounts()).filter((a) => a.appId === appId)) await removeAccount(account.id);
    await removeApp(appId);
    await deleteSecrets([appTokenSecretId(appId)]);
    const tokens = (await getLocal<AppToken[]>(APP_TOKENS)) ?? [];
    await setLocal({ [APP_TOKENS]: tokens.filter((t) => t.appId !== appId) });
    return {};
  },
  async 'apps.appToken'({ appId }) {
    await requireUnlocked();
    await obtainAppToken(appId);
    const view = (await appView(await getApp(appId))).appToken;
    if (!view) throw new CodedError('internal');
    return view;
  },
  async 'apps.renewed'({ appId, clientSecret }) {
    const app = await getApp(appId);
    if (typeof clientSecret !== 'string' || !/^[A-Za-z0-9]{32}$/.test(clientSecret.trim())) {
      throw new CodedError('app_client_secret_invalid', { field: 'clientSecret' });
    }
    await requireKey();
    await putSecret(appSecretId(appId), { clientSecret: clientSecret.trim(), binding: bindingOf(app) });
    const now = Date.now();
    const apps = await listApps();
    const next = { ...app, lastRenewedAt: now, renewalStartedAt: now };
    await saveApps(apps.map((a) => (a.id === appId ? next : a)));
    return appView(next);
  },
  async 'apps.sharingReviewed'({ appId }) {
    await requireUnlocked();
    const app = await getApp(appId);
    const next = { ...app, sharingReviewedAt: Date.now() };
    await saveApps((await listApps()).map((a) => (a.id === appId ? next : a)));
    return appView(next);
  },
  async 'accounts.link'({ appId, relinkAccountId }) {
    const account = await runFlow(appId, relinkAccountId);
    return accountView(account);
  },
  async 'accounts.remove'({ accountId }) {
    await requireUnlocked();
    await removeAccount(accountId);
    return {};
  },
  async 'secret.reveal'({ kind, id }) {
    await requireUnlocked();
    let value: string | null = null;
    if (kind === 'clientSecret') value = await clientSecretOf(id);
    else if (kind === 'appToken') value = (await getSecret<{ accessToken: string }>(appTokenSecretId(id)))?.accessToken ?? null;
    else {
      const s = await accountSecrets(id);
      value = kind === 'access' ? s.accessToken : kind === 'refresh' ? s.refreshToken : s.publicKey;
    }
    if (!value) throw new CodedError('secret_missing');
    return { value };
  },
  async 'flow.dismissInterrupted'() {
    await removeSession(INTERRUPTED);
    emit('accounts');
    return {};
  },
};

export async function interruptedFlow(): Promise<{ appId: string; at: number } | null> {
  return (await getSession<{ appId: string; at: number }>(INTERRUPTED)) ?? null;
}
