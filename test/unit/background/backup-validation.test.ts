import { describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', () => ({ default: {} }));
const { backupApp, backupAccount } = await import('../../../src/background/backup/meta');

const APP = { id: 'a1', name: 'Shop', clientId: '1234567890123456', siteId: 'MLA', pkce: 'S256', sandbox: false, createdAt: 1, lastRenewedAt: null, renewalStartedAt: null, sharingReviewedAt: null };
const ACCOUNT = {
  id: 'a1:123456789',
  appId: 'a1',
  userId: '123456789',
  nickname: 'SELLER',
  siteId: 'MLA',
  liveMode: false,
  accessExpiresAt: 2,
  linkedAt: 1,
  lastRefreshAt: null,
  state: 'active',
  maskedAccess: 'TEST-1234…6789',
  maskedRefresh: 'TG-1234…6789',
};

function fieldOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    const err = e as { code?: string; params?: { field?: string } };
    return err.code === 'backup_invalid' ? (err.params?.field ?? '') : `unexpected ${String(e)}`;
  }
}

describe('backup entries are validated as strictly as the options form (issue #12 item 9)', () => {
  it('accepts what the extension exports, normalized, without extra fields', () => {
    expect(backupApp({ ...APP, extra: 'x', endpoints: { token: 'http://127.0.0.1:8787/oauth/token' } })).toEqual({
      ...APP,
      endpoints: { token: 'http://127.0.0.1:8787/oauth/token' },
    });
    expect(backupAccount(ACCOUNT)).toEqual(ACCOUNT);
  });

  it('refuses every field the form would refuse, naming it', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ siteId: 'XX' }, 'app.siteId'],
      [{ clientId: '12ab' }, 'app.clientId'],
      [{ name: '' }, 'app.name'],
      [{ name: 'n'.repeat(81) }, 'app.name'],
      [{ pkce: 'S512' }, 'app.pkce'],
      [{ sandbox: 'yes' }, 'app.sandbox'],
      [{ endpoints: { token: 'http://evil.example/oauth/token' } }, 'app.endpoints.token'],
      [{ endpoints: { authorization: 'javascript:alert(1)' } }, 'app.endpoints.authorization'],
      [{ id: '../x' }, 'app.id'],
      [{ createdAt: 'yesterday' }, 'app.createdAt'],
      [{ lastRenewedAt: Number.NaN }, 'app.lastRenewedAt'],
      [{ clientSecret: 'a'.repeat(32) }, 'app.clientSecret'],
    ];
    for (const [patch, field] of cases) expect({ patch, field: fieldOf(() => backupApp({ ...APP, ...patch })) }).toEqual({ patch, field });
    const accountCases: [Record<string, unknown>, string][] = [
      [{ siteId: 'XX' }, 'account.siteId'],
      [{ userId: 'abc', id: 'a1:abc' }, 'account.userId'],
      [{ accessExpiresAt: Number.POSITIVE_INFINITY }, 'account.dates'],
      [{ accessExpiresAt: -1 }, 'account.dates'],
      [{ nickname: 'n'.repeat(201) }, 'account.nickname'],
      [{ maskedAccess: 'x'.repeat(129) }, 'account.masked'],
      [{ lastError: { code: 'x', at: 'now' } }, 'account.lastError'],
      [{ state: 'owned' }, 'account'],
    ];
    for (const [patch, field] of accountCases) expect({ patch, field: fieldOf(() => backupAccount({ ...ACCOUNT, ...patch })) }).toEqual({ patch, field });
  });
});
