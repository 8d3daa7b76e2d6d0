/**
 * Service worker entry. Every listener is registered synchronously at the top level so that a
 * worker woken by an event finds its listener; state that must survive the worker's death lives
 * in chrome.storage.session / storage.local, never in module variables alone.
 */
import browser from 'webextension-polyfill';
import { installRouter } from './router';
import { statusHandlers } from './features/status';

installRouter({
  ...statusHandlers,
});

browser.runtime.onInstalled.addListener(() => {
  /* first-run work is added by the vault feature */
});
