/**
 * Desktop notifications for tokens expiring soon (the `expiringSoonDays` setting, 7 by default) or
 * expired, failed refreshes and re-link needed.
 * Once per (account, kind) until the situation changes (core decides); text names the seller by
 * nickname or user id only, never a token.
 */
import { notificationsDue, type DueNotification } from '../../core/tokens';
import { getLocal, getSettings, setLocal } from '../infra';
import { listAccounts } from './store';

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
    const { title, message } = wording(n, who, settings.expiringSoonDays);
    await chrome.notifications
      .create(`mp-${n.kind}-${n.accountId}`, {
        type: 'basic',
        iconUrl: chrome.runtime.getURL('icons/icon-128.png'),
        title,
        message,
      })
      .catch(() => undefined);
  }
}

/** The words for one notification: the kind, refined by the account's status (expired, no answer). */
function wording(n: DueNotification, who: string, expiringSoonDays: number): { title: string; message: string } {
  const msg = (key: string, subs: string[]) => chrome.i18n.getMessage(key, subs);
  if (n.kind === 'expiring' && n.status === 'expired') {
    return { title: msg('notify_expired_title', []), message: msg('notify_expired_body', [who]) };
  }
  if (n.kind === 'expiring') {
    return { title: msg('notify_expiring_title', []), message: msg('notify_expiring_body_days', [who, String(expiringSoonDays)]) };
  }
  if (n.kind === 'refresh_failed' && n.status === 'outcome_unknown') {
    return { title: msg('notify_outcome_unknown_title', []), message: msg('notify_outcome_unknown_body', [who]) };
  }
  return { title: msg(`notify_${n.kind}_title`, []), message: msg(`notify_${n.kind}_body`, [who]) };
}
