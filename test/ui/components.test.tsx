import { sent, replies } from './setup-i18n';
import { describe, expect, it, beforeEach } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { AccountRow } from '../../src/ui/components/AccountRow';
import { VaultGate } from '../../src/ui/components/VaultGate';
import { LeakList } from '../../src/ui/components/LeakList';
import type { AccountView, TabLeaks } from '../../src/shared/api';
import { NOW, account as baseAccount } from './fixtures';

/** The seller of the fixtures, with 3 h 5 min 7 s left on its token. */
const account = (over: Partial<AccountView> = {}): AccountView => baseAccount({ accessExpiresAt: NOW + 3 * 3600_000 + 5 * 60_000 + 7_000, status: 'expiring_soon', ...over });

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
    expect(item.textContent).toContain('seen 3 times');
    expect(screen.getByRole('button', { name: 'Refresh now: SELLER' })).toBeTruthy();
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

describe('<AccountRow> notices', () => {
  // A stored error is shown as a notice without a live region (not re-announced on every open).
  const notices = () => {
    const all = [...document.querySelectorAll('.notice[data-code]')];
    for (const n of all) expect(n.getAttribute('role')).toBeNull();
    return all;
  };
  it('429: a live countdown inside the one notice, Refresh now disabled until the wait ends, then enabled with the advice updated', async () => {
    const at = Date.now();
    render(<AccountRow account={account({ status: 'refresh_failed', accessExpiresAt: at + 100 * 86400_000, lastError: { code: 'local_rate_limited', at, retryAfter: 2, advice: 'wait_and_retry' } })} now={at} />);
    const alerts = notices();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.textContent).toContain('Mercado Pago is rate-limiting these requests (429).');
    const timer = screen.getByTestId('retry-after');
    expect(timer.textContent).toMatch(/^Mercado Pago asked to wait: the next refresh is possible in 00:00:0[12]\.$/);
    const button = screen.getByRole('button', { name: /^Refresh now/ }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    await waitFor(() => expect(screen.queryByTestId('retry-after')).toBeNull(), { timeout: 4000 });
    expect(button.disabled).toBe(false);
    expect(notices()).toHaveLength(1);
    expect(notices()[0]!.textContent).toContain('The wait Mercado Pago asked for is over: you can refresh now.');
  });
  it('outcome unknown after a malformed 200: status and the single alert tell the same story', () => {
    render(<AccountRow account={account({ status: 'outcome_unknown', lastError: { code: 'invalid_response', at: NOW, advice: 'retry_once_after_rotation' } })} now={NOW} />);
    const alerts = notices();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.getAttribute('data-code')).toBe('invalid_response');
    expect(alerts[0]!.textContent).toContain('not a valid token response');
    expect(alerts[0]!.textContent).toContain('Mercado Pago may already have rotated it: retry once');
    expect(screen.getByTestId('account-row').textContent).not.toContain('got no answer');
  });
  it('needs re-link: one alert naming every cause, with the one-click Re-link', () => {
    render(<AccountRow account={account({ status: 'needs_relink', lastError: { code: 'invalid_grant', at: NOW, advice: 'relink' } })} now={NOW} />);
    const alerts = notices();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.textContent).toContain('revoked access');
    expect(alerts[0]!.textContent).toContain('180 days');
    expect(alerts[0]!.textContent).toContain('an earlier answer was lost on the way after Mercado Pago had already rotated it');
    expect(screen.getByRole('button', { name: /^Re-link/ })).toBeTruthy();
  });
});

describe('rowNotice', () => {
  it('a click that lost its answer gives way to the state the background stored after it; otherwise the click is fresher', async () => {
    const { rowNotice } = await import('../../src/ui/components/AccountRow');
    const stored = { code: 'refresh_interrupted', params: { advice: 'retry_once_deliberately' } };
    expect(rowNotice(stored, { code: 'background_unreachable' }, 2000, 1000)).toBe(stored);
    expect(rowNotice(stored, { code: 'background_unreachable' }, 500, 1000)).toEqual({ code: 'background_unreachable' });
    expect(rowNotice(stored, { code: 'locked' }, 2000, 1000)).toEqual({ code: 'locked' });
    expect(rowNotice(stored, { code: 'refresh_interrupted', params: { advice: 'x' } }, 2000, 1000)).toBe(stored);
    expect(rowNotice(null, null, null, 0)).toBeNull();
  });
});
