/** View-model fixtures shared by the UI tests: one linked seller and the popup/options overview. */
import type { AccountView, Overview } from '../../src/shared/api';

/** The fixed "now" of the UI tests (23 Nov 2026, 12:00 UTC). */
export const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

/** A linked sandbox seller of "My store" (Argentina) whose token is fine; `over` changes any field. */
export const account = (over: Partial<AccountView> = {}): AccountView => ({
  id: 'app1:123',
  appId: 'app1',
  appName: 'My store',
  userId: '123',
  nickname: 'TIENDAPALERMO',
  siteId: 'MLA',
  liveMode: false,
  profileError: false,
  accessExpiresAt: NOW + 100 * 86400_000,
  linkedAt: NOW - 1000,
  lastRefreshAt: null,
  status: 'ok',
  waitingForUnlock: false,
  lastError: null,
  maskedAccess: 'TEST-1234…0123',
  maskedRefresh: 'TG-abcd…0123',
  timeline: [],
  ...over,
});

/** An unlocked, passphrase-protected vault with nothing in it; `over` changes any field. */
export const overview = (over: Partial<Overview> = {}): Overview => ({
  vault: { state: 'unlocked', mode: 'passphrase', retryAt: null, autoLockMinutes: 30 },
  accounts: [],
  apps: [],
  redirectUrl: 'https://abc.chromiumapp.org/',
  interruptedFlow: null,
  ...over,
});
