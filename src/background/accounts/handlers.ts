import type { Handler } from '../router';
import { refreshAccount } from '../refresh';
import { accountView } from '../views';

export const lifecycleHandlers: { 'accounts.refresh': Handler<'accounts.refresh'> } = {
  async 'accounts.refresh'({ accountId, confirmRetry }) {
    const account = await refreshAccount(accountId, { trigger: 'click', ...(confirmRetry ? { confirmRetry: true } : {}) });
    return accountView(account);
  },
};
