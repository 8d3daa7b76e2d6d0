import { sent, replies } from './setup-i18n';
import { describe, expect, it, beforeEach } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { AccountRow } from '../../src/ui/components/AccountRow';
import { VaultGate } from '../../src/ui/components/VaultGate';
import { LeakList } from '../../src/ui/components/LeakList';
import type { AccountView, TabLeaks } from '../../src/shared/api';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const account = (over: Partial<AccountView> = {}): AccountView => ({
  id: 'app1:123',
  appId: 'app1',
  appName: 'My store',
  userId: '123',
  nickname: 'TIENDAPALERMO',
  siteId: 'MLA',
  liveMode: false,
  profileError: false,
  accessExpiresAt: NOW + 3 * 3600_000 + 5 * 60_000 + 7_000,
  linkedAt: NOW - 1000,
  lastRefreshAt: null,
  status: 'expiring_soon',
  waitingForUnlock: false,
  lastError: null,
  maskedAccess: 'TEST-1234…0123',
  maskedRefresh: 'TG-abcd…0123',
  timeline: [],
  ...over,
});

beforeEach(() => {
  sent.length = 0;
  replies.clear();
});

describe('<AccountRow>', () => {
  it('shows nickname, user id, country, TEST badge, the status in words and a second-level countdown', () => {
    render(<AccountRow account={account()} now={NOW} />);
    const row = screen.getByTestId('account-row');
    expect(row.textContent).toContain('TIENDAPALERMO');
    expect(row.textContent).toContain('#123');
    expect(row.textContent).toContain('Argentina');
    expect(row.textContent).toContain('TEST');
    expect(row.textContent).toContain('Expiring soon');
    expect(screen.getByTestId('countdown').textContent).toBe('expires in 03:05:07');
  });
  it('far expiries count days; past ones say how long ago', () => {
    const { rerender } = render(<AccountRow account={account({ status: 'ok', liveMode: true, accessExpiresAt: NOW + 179 * 86400_000 + 3600_000 })} now={NOW} />);
    expect(screen.getByTestId('countdown').textContent).toBe('expires in 179d 01h 00m');
    expect(screen.getByTestId('account-row').textContent).toContain('LIVE');
    rerender(<AccountRow account={account({ status: 'expired', accessExpiresAt: NOW - 90_000 })} now={NOW} />);
    expect(screen.getByTestId('countdown').textContent).toBe('expired 00:01:30 ago');
  });
  it('needs re-link offers Re-link; outcome unknown offers one deliberate retry', async () => {
    const { rerender } = render(<AccountRow account={account({ status: 'needs_relink' })} now={NOW} />);
    expect(screen.getByRole('button', { name: 'Re-link: TIENDAPALERMO' })).toBeTruthy();
    rerender(<AccountRow account={account({ status: 'outcome_unknown' })} now={NOW} />);
    replies.set('accounts.refresh', { ok: true, value: account({ status: 'ok' }) });
    fireEvent.click(screen.getByRole('button', { name: 'Retry once: TIENDAPALERMO' }));
    await waitFor(() => expect(sent.at(-1)).toEqual({ type: 'accounts.refresh', payload: { accountId: 'app1:123', confirmRetry: true } }));
  });
});

describe('<VaultGate>', () => {
  it('refuses two different passphrases without sending anything', async () => {
    render(<VaultGate state={{ state: 'uninitialized', mode: null, retryAt: null, autoLockMinutes: 30 }} onChange={() => undefined} />);
    fireEvent.input(screen.getByLabelText('Passphrase'), { target: { value: 'one passphrase' } });
    fireEvent.input(screen.getByLabelText('Repeat the passphrase'), { target: { value: 'another one' } });
    fireEvent.submit(screen.getByTestId('vault-setup'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('The two passphrases are different.'));
    expect(sent).toHaveLength(0);
  });
  it('shows the background error for a wrong passphrase', async () => {
    replies.set('vault.unlock', { ok: false, error: { code: 'wrong_passphrase' } });
    render(<VaultGate state={{ state: 'locked', mode: 'passphrase', retryAt: null, autoLockMinutes: 30 }} onChange={() => undefined} />);
    fireEvent.input(screen.getByLabelText('Passphrase'), { target: { value: 'nope nope' } });
    fireEvent.submit(screen.getByTestId('vault-unlock'));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('That passphrase is not correct. Nothing was changed.'));
  });
});

describe('<LeakList>', () => {
  const data: TabLeaks = {
    tabId: 7,
    dropped: 12,
    limits: { perTab: 200, total: 1000 },
    findings: [
      {
        key: 'k1', kind: 'access_token', rule: 'mp-access-token', severity: 'critical', location: 'query', param: 'access_token',
        url: 'https://api.mercadopago.com/v1/payments?access_token=APP_USR-1234…6789', masked: 'APP_USR-1234…6789', fingerprint: '0123456789abcdef',
        userId: '6789', fix: 'x', fixId: 'move_to_authorization_header', method: 'GET', initiator: 'https://shop.example', count: 3,
        firstSeen: NOW, lastSeen: NOW, account: { id: 'a:6789', nickname: 'SELLER', userId: '6789' },
      },
    ],
  };
  it('says what was dropped, names the seller, gives the localized fix; severity in words', () => {
    render(<LeakList data={data} full={true} onChanged={() => undefined} />);
    expect(screen.getByTestId('leaks-dropped').textContent).toContain('12 older findings were dropped (limit: 200 per tab)');
    const item = screen.getByTestId('leak');
    expect(item.textContent).toContain('Critical');
    expect(item.textContent).toContain('in the query string, parameter access_token');
    expect(item.querySelector('code')?.textContent).toBe('access_token');
    expect(item.textContent).not.toContain('`');
    expect(item.textContent).toContain('×3');
    expect(item.textContent).toContain('This is the token of your linked seller SELLER');
    expect(item.textContent).toContain('Send the access token only from your backend');
  });
  it('ignore sends the finding key for that tab', async () => {
    replies.set('leaks.ignore', { ok: true, value: {} });
    render(<LeakList data={data} full={true} onChanged={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Ignore this finding' }));
    await waitFor(() => expect(sent.at(-1)).toEqual({ type: 'leaks.ignore', payload: { tabId: 7, key: 'k1' } }));
  });
});
