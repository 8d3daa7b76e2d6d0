/**
 * Service worker entry: wires the rooms (infra, vault, applications, accounts, backup, leaks) to
 * Chrome's events and to each other, and nothing else. Every listener is registered synchronously
 * at the top level so that a worker woken by an event finds its listener; state that must survive
 * the worker's death lives in chrome.storage.session / storage.local, never in module variables
 * alone.
 */
import { countsAsActivity, installPorts, installRouter, onEmit, restrictSessionStorage, statusHandlers } from './infra';
import { AUTOLOCK_ALARM, CLIPBOARD_ALARM, clipboardHandlers, onAutoLockAlarm, onClipboardAlarm, onUnlocked, touch, vaultHandlers } from './vault';
import { applicationHandlers } from './applications';
import {
  accountHandlers,
  AUTO_REFRESH_ALARM,
  autoRefresh,
  runNotifications,
  runWaiting,
  scheduleAutoRefresh,
  sweepInterruptedFlows,
  sweepInterruptedRefreshes,
  updateTokenBadge,
} from './accounts';
import { backupHandlers } from './backup';
import { installLeakMonitor, leakHandlers } from './leaks';

restrictSessionStorage();
installPorts();
installLeakMonitor();
installRouter(
  {
    ...statusHandlers,
    ...vaultHandlers,
    ...clipboardHandlers,
    ...backupHandlers,
    ...applicationHandlers,
    ...accountHandlers,
    ...leakHandlers,
  },
  {
    // User actions (clicks, forms) restart the auto-lock timer; reads and live updates do not.
    onActivity: (type) => (countsAsActivity(type) ? touch() : Promise.resolve()),
  },
);

onUnlocked(runWaiting);
// Token state changed: badge, notifications and the next alarm follow.
onEmit((topic) => {
  if (topic === 'accounts' || topic === 'vault' || topic === 'settings' || topic === 'apps') {
    if (topic !== 'apps') void updateTokenBadge().catch(() => undefined);
    if (topic === 'accounts') void runNotifications().catch(() => undefined);
    // Locking widens the window in which a token shows "unlock to refresh": the alarm follows.
    void scheduleAutoRefresh().catch(() => undefined);
  }
});

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === AUTOLOCK_ALARM) void onAutoLockAlarm();
  else if (alarm.name === CLIPBOARD_ALARM) void onClipboardAlarm().catch(() => undefined);
  else if (alarm.name === AUTO_REFRESH_ALARM) {
    void autoRefresh()
      .then(() => Promise.all([updateTokenBadge(), runNotifications()]))
      .catch(() => undefined);
  }
});

chrome.runtime.onStartup.addListener(() => void scheduleAutoRefresh().catch(() => undefined));
chrome.runtime.onInstalled.addListener((details) => {
  void scheduleAutoRefresh().catch(() => undefined);
  // First install: open the options page, where the first-run checklist waits, in a tab of its
  // own (openOptionsPage would take over a blank tab the user just opened).
  if (details.reason === 'install') {
    const page = chrome.runtime.getManifest().options_ui?.page;
    if (page) void chrome.tabs.create({ url: chrome.runtime.getURL(page) }).catch(() => undefined);
  }
});

// Work a dead worker left behind: flows cut off between launch and callback, refreshes whose
// answer never arrived.
void sweepInterruptedFlows().catch(() => undefined);
void sweepInterruptedRefreshes().catch(() => undefined);
void updateTokenBadge().catch(() => undefined);
