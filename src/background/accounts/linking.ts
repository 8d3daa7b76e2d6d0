/**
 * Linking seller accounts (authorization code + PKCE through chrome.identity.launchWebAuthFlow).
 * The whole flow runs here, never in a page: a popup that loses focus dies, the service worker
 * does not.
 */
import {
  classifyWebAuthFailure,
  CODE_TTL_MS,
  errorAdvice,
  exchangeCode,
  fetchUserMe,
  parseCallback,
  probeAuthorizationPage,
  resolveEndpoints,
  startAuthorization,
  webAuthError,
  type PendingFlow,
} from '../../core/oauth';
import { CodedError, emit, getSession, removeSession, setSession } from '../infra';
import { adviceContext, clientSecretOf, coded, getApp } from '../applications';
import { getAccount, saveLinked } from './store';

const PENDING = 'oauth.pending';
const USED_STATES = 'oauth.usedStates';
const INTERRUPTED = 'oauth.interrupted';
/** Code exchanges in flight: `{[state]: {appId, at}}`. One left by a dead worker was cut off mid-exchange. */
const EXCHANGING = 'oauth.exchanging';
const USED_STATES_CAP = 100;

/** Flows started by this worker instance; anything else in storage belongs to a dead worker. */
const liveFlows = new Set<string>();
/** Code exchanges this worker instance is running (keyed by the flow's state). */
const liveExchanges = new Set<string>();

/**
 * On worker start: a pending flow that no live worker owns was cut off by a restart between
 * launch and callback. Forget it (its state can never be accepted again) and tell the pages.
 */
export async function sweepInterruptedFlows(): Promise<void> {
  const pending = (await getSession<Record<string, PendingFlow>>(PENDING)) ?? {};
  const exchanging = (await getSession<Record<string, { appId: string; at: number }>>(EXCHANGING)) ?? {};
  const orphans = Object.values(pending).filter((p) => !liveFlows.has(p.state));
  // A worker that died during the code exchange: nothing was saved (the account is written only
  // after the exchange and /users/me), and the code may be spent. The same "link again" applies.
  const cutExchanges = Object.entries(exchanging).filter(([state]) => !liveExchanges.has(state));
  if (orphans.length === 0 && cutExchanges.length === 0) return;
  const used = (await getSession<string[]>(USED_STATES)) ?? [];
  const rest = Object.fromEntries(Object.entries(pending).filter(([s]) => liveFlows.has(s)));
  const restExchanging = Object.fromEntries(Object.entries(exchanging).filter(([s]) => liveExchanges.has(s)));
  const candidates = [...orphans.map((o) => ({ appId: o.appId, at: o.startedAt })), ...cutExchanges.map(([, x]) => x)];
  const last = candidates.sort((a, b) => b.at - a.at)[0]!;
  await setSession({
    [PENDING]: rest,
    [EXCHANGING]: restExchanging,
    [USED_STATES]: [...used, ...orphans.map((o) => o.state)].slice(-USED_STATES_CAP),
    [INTERRUPTED]: { appId: last.appId, at: Date.now() },
  });
  emit('accounts');
}

async function markExchanging(state: string, appId: string, on: boolean): Promise<void> {
  if (on) liveExchanges.add(state);
  else liveExchanges.delete(state);
  const all = (await getSession<Record<string, { appId: string; at: number }>>(EXCHANGING)) ?? {};
  if (on) all[state] = { appId, at: Date.now() };
  else delete all[state];
  await setSession({ [EXCHANGING]: all });
}

/**
 * The authorization window, bounded by the code's lifetime: after 10 minutes the flow can no
 * longer succeed (its state is burnt and the code would be expired), so it ends as timed out.
 */
async function launchBounded(url: string): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Authorization flow timed out.')), CODE_TTL_MS);
  });
  try {
    return await Promise.race([chrome.identity.launchWebAuthFlow({ url, interactive: true }), deadline]).then((r) => {
      if (typeof r !== 'string' || !r) throw new Error('The user did not approve access.');
      return r;
    });
  } finally {
    clearTimeout(timer);
  }
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

export async function runFlow(appId: string, relinkAccountId?: string) {
  const app = await getApp(appId);
  const clientSecret = await clientSecretOf(appId); // fails with `locked` before any window opens
  const endpoints = resolveEndpoints(app.siteId, app.endpoints);
  const redirectUri = chrome.identity.getRedirectURL();
  const relinkUserId = relinkAccountId ? (await getAccount(relinkAccountId)).userId : undefined;
  const { url, pending } = await startAuthorization({ app, redirectUri, endpoints, now: Date.now(), ...(relinkUserId ? { relinkUserId } : {}) });

  const all = (await getSession<Record<string, PendingFlow>>(PENDING)) ?? {};
  await setSession({ [PENDING]: { ...all, [pending.state]: pending } });
  liveFlows.add(pending.state);

  const ctx = adviceContext(app);
  let responseUrl: string | undefined;
  let failure: unknown;
  try {
    responseUrl = await launchBounded(url);
  } catch (e) {
    failure = e;
  } finally {
    liveFlows.delete(pending.state);
  }
  const usedBefore = await endFlow(pending.state);
  if (!responseUrl) {
    // The browser says only "could not be loaded" for a refused page and for an unreachable one:
    // look once at the page's status from here (the URL holds no secret; its state is burnt).
    const kind = classifyWebAuthFailure(failure instanceof Error ? failure.message : failure);
    const probe = kind === 'page_load' ? await probeAuthorizationPage({ url, fetch: (...a) => fetch(...a) }) : undefined;
    const custom = app.endpoints?.authorization;
    coded(
      webAuthError({ failure: kind, ...(probe ? { probe } : {}), clientId: app.clientId, redirectUrl: redirectUri, ...(custom ? { customAuthorization: endpoints.authorization } : {}) }),
      'callback',
      ctx,
    );
  }

  const result = parseCallback({ callbackUrl: responseUrl, pending, now: Date.now(), usedStates: usedBefore });
  if (!result.ok) throw new CodedError(result.error.code, { ...result.error.params, advice: errorAdvice(result.error.code, 'callback', ctx) });

  // From here until the account is saved, a worker that dies leaves this marker behind: the next
  // worker reports "interrupted, nothing was saved, link again" (see sweepInterruptedFlows).
  await markExchanging(pending.state, appId, true);
  try {
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
      coded(e, 'authorization_code', ctx);
    }
    if (relinkUserId && tokens.userId !== relinkUserId) throw new CodedError('relink_user_mismatch', { advice: 'relink_same_seller' });

    // The profile is a nicety: if /users/me fails the account is still linked, marked as such.
    const profile = await fetchUserMe({ api: endpoints.api, accessToken: tokens.accessToken, fetch: (...a) => fetch(...a) }).catch(() => null);
    const account = await saveLinked(appId, tokens, profile);
    await removeSession(INTERRUPTED);
    return account;
  } finally {
    await markExchanging(pending.state, appId, false);
  }
}

export async function interruptedFlow(): Promise<{ appId: string; at: number } | null> {
  return (await getSession<{ appId: string; at: number }>(INTERRUPTED)) ?? null;
}

export async function dismissInterruptedFlow(): Promise<void> {
  await removeSession(INTERRUPTED);
  emit('accounts');
}
