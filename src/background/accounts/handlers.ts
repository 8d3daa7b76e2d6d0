/**
 * The account handlers, and those that span accounts and applications: the overview, linking and
 * refreshing a seller, removing an account or an application with the sellers linked through it,
 * revealing a secret.
 */
import type { AppToken } from '../../core/tokens';
import { CodedError, getLocal, setLocal, type Handler } from '../infra';
import { deleteSecrets, getSecret, requireUnlocked } from '../vault';
import { APP_TOKENS, appTokenSecretId, clientSecretOf, removeApp } from '../applications';
import { accountSecrets, listAccounts, removeAccount } from './store';
import { dismissInterruptedFlow, runFlow } from './linking';
import { refreshAccount } from './refresh';
import { accountView, buildOverview } from './views';

type K =
  | 'overview'
  | 'apps.remove'
  | 'accounts.link'
  | 'accounts.refresh'
  | 'accounts.remove'
  | 'secret.reveal'
  | 'flow.dismissInterrupted';

export const accountHandlers: { [P in K]: Handler<P> } = {
  overview: () => buildOverview(),
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
  async 'accounts.link'({ appId, relinkAccountId }) {
    const account = await runFlow(appId, relinkAccountId);
    return accountView(account);
  },
  async 'accounts.refresh'({ accountId, confirmRetry }) {
    const account = await refreshAccount(accountId, { trigger: 'click', ...(confirmRetry ? { confirmRetry: true } : {}) });
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
    await dismissInterruptedFlow();
    return {};
  },
};
