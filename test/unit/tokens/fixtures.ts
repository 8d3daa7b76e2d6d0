/** Account fixtures for the token-lifecycle tests. Not a test file itself. */
import type { Account } from '../../../src/core/tokens';

export const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);
export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

export function account(overrides: Partial<Account> = {}): Account {
  const appId = overrides.appId ?? 'app1';
  const userId = overrides.userId ?? '241983636';
  return {
    id: `${appId}:${userId}`,
    appId,
    userId,
    nickname: 'SELLER',
    siteId: 'MLA',
    liveMode: true,
    accessExpiresAt: T0 + 100 * DAY,
    linkedAt: T0 - 80 * DAY,
    lastRefreshAt: null,
    state: 'active',
    maskedAccess: 'APP_USR-1111\u20263636',
    maskedRefresh: 'TG-0123\u20263636',
    ...overrides,
  };
}
