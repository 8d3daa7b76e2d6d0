/**
 * Desktop notifications for tokens expiring within 7 days, failed refreshes and re-link needed.
 * Once per (account, kind) until the situation changes (core decides); text names the seller by
 * nickname or user id only, never a token.
 */
import { notificationsDue } from '../core/tokens';
import { listAccounts } from './accounts';
import { getLocal, setLocal } from './storage';
import { getSettings } from './settings';

const NOTIFIED = 'notified';

export async function runNotifications(): Promise<void> {
  const settings = await getSettings();
  const accounts = await listAccounts();
  const previous = (await getLocal<string[]>(NOTIFIED)) ?? [];
  const { due, notified } = notificationsDue(accounts, previous, Date.now(), { expiringSoonDays: settings.expiringSoonDays });
  await setLocal({ [NOTIFIED]: notified });
  if (!settings.notifications) return;
  for (const n of due) {
    const account = accounts.find((a) => a.id === n.accountId);
    const who = account?.nickname ?? account?.userId ?? '';
    await chrome.notifications
      .create(`mp-${n.kind}-${n.accountId}`, {
        type: 'basic',
        iconUrl: chrome.runtime.getURL('icons/icon-128.png'),
        title: chrome.i18n.getMessage(`notify_${n.kind}_title`),
        message: chrome.i18n.getMessage(`notify_${n.kind}_body`, [who]),
      })
      .catch(() => undefined);
  }
}
