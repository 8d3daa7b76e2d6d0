/**
 * The toolbar badge. The global badge shows the most urgent token state across accounts; a tab
 * with leak findings gets its own per-tab badge, which Chrome shows instead on that tab.
 */
import { accountStatus, badgeSummary, badgeText } from '../../core/tokens';
import { getSettings } from '../infra';
import { vaultState } from '../vault';
import { listAccounts } from './store';

const COLORS = { critical: '#B00020', warning: '#8A5A00', none: '#5F6368' } as const;

export async function updateTokenBadge(): Promise<void> {
  const [accounts, vault, settings] = await Promise.all([listAccounts(), vaultState(), getSettings()]);
  const now = Date.now();
  const locked = vault.state === 'locked';
  const statuses = accounts.map((a) =>
    accountStatus(a, now, { expiringSoonDays: settings.expiringSoonDays, refreshWithinDays: settings.refreshWithinDays, locked }),
  );
  const summary = badgeSummary(statuses);
  const text = badgeText(summary);
  await chrome.action.setBadgeText({ text });
  await chrome.action.setBadgeBackgroundColor({ color: COLORS[summary.level] });
  const title =
    summary.count === 0
      ? chrome.i18n.getMessage('badgeTitleOk')
      : chrome.i18n.getMessage('badgeTitleTokens', [String(summary.count), chrome.i18n.getMessage(`status_${summary.worst}`)]);
  await chrome.action.setTitle({ title: `${chrome.i18n.getMessage('extName')} — ${title}` });
}
