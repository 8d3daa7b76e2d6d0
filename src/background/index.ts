/**
 * Service worker entry. Every listener is registered synchronously at the top level so that a
 * worker woken by an event finds its listener; state that must survive the worker's death lives
 * in chrome.storage.session / storage.local, never in module variables alone.
 */
import browser from 'webextension-polyfill';
import { installRouter } from './router';
import { installPorts } from './events';
import { restrictSessionStorage } from './storage';
import { statusHandlers } from './features/status';
import { vaultHandlers } from './features/vault';
import { AUTOLOCK_ALARM, onAutoLockAlarm, touch } from './vault';

restrictSessionStorage();
installPorts();
installRouter(
  {
    ...statusHandlers,
    ...vaultHandlers,
  },
  {
    // Any request from one of our pages counts as activity for the auto-lock timer.
    onActivity: (type) => (type === 'vault.lock' ? Promise.resolve() : touch()),
  },
);

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === AUTOLOCK_ALARM) void onAutoLockAlarm();
});
