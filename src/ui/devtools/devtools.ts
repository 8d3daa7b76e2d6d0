// The DevTools page: only creates the "MP Credentials" panel for the inspected tab.
// The panel receives the inspected tab id in its query string, so the same page also works
// when opened directly (tests, or a user without DevTools).
import browser from 'webextension-polyfill';

const tabId = browser.devtools.inspectedWindow.tabId;
void browser.devtools.panels.create(
  browser.i18n.getMessage('panelTitle'),
  'icons/icon-32.png',
  `src/ui/devtools/panel.html?tabId=${tabId}`,
);
