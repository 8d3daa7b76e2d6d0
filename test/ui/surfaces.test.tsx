import { sent, replies } from './setup-i18n';
import { describe, expect, it, beforeEach } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AccountRow } from '../../src/ui/components/AccountRow';
import { VaultGate } from '../../src/ui/components/VaultGate';
import { StatusLine } from '../../src/ui/components/StatusLine';
import { AppForm } from '../../src/ui/options/AppsSection';
import { FILTER_AFTER, Popup, rowsByUrgency } from '../../src/ui/popup/Popup';
import { timeOfDay } from '../../src/shared/format';
import { tp } from '../../src/shared/i18n';
import { NOW, account, overview } from './fixtures';


beforeEach(() => {
  sent.length = 0;
  replies.clear();
});

describe('words', () => {
  it('plural sentences take the form of the count', () => {
    expect(tp('renewalReminder', 1, ['Shop'])).toBe('Shop: credentials not renewed for 1 day. Renew them in the panel (More options → Renew).');
    expect(tp('renewalReminder', 91, ['Shop'])).toBe('Shop: credentials not renewed for 91 days. Renew them in the panel (More options → Renew).');
    expect(tp('lockedSellers', 1)).toBe('1 linked seller is waiting behind the lock.');
    expect(tp('lockedSellers', 2)).toBe('2 linked sellers are waiting behind the lock.');
  });
  it('a moment today is a time; another day gets its date', () => {
    const today = new Date(2026, 10, 23, 18, 0).getTime();
    const tomorrow = new Date(2026, 10, 24, 6, 0).getTime();
    const now = new Date(2026, 10, 23, 9, 0).getTime();
    expect(timeOfDay(today, now)).not.toMatch(/2026/);
    expect(timeOfDay(tomorrow, now)).toMatch(/2026/);
  });
  it('no emoji or dingbat is used as an icon in the UI sources', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.tsx') ? [join(dir, n)] : []));
    const bad: string[] = [];
    for (const f of files('src/ui')) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/[\u2190-\u21ff\u2295-\u22a1\u2300-\u23ff\u2460-\u27bf\u{1f000}-\u{1faff}]/gu)) bad.push(`${f}: ${m[0]}`);
    }
    expect(bad).toEqual([]);
  });
});

describe('<AccountRow> actions and errors', () => {
  it('names the seller in every repeated control and offers Copy', () => {
    render(<AccountRow account={account()} now={NOW} />);
    expect(screen.getByRole('button', { name: 'Refresh now: TIENDAPALERMO' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy: Access token of TIENDAPALERMO' })).toBeTruthy();
  });
  it('a stored failure is shown but not as a live alert (it would be re-announced on every open)', () => {
    render(<AccountRow account={account({ status: 'refresh_failed', lastError: { code: 'server_error', at: NOW - 1000 } })} now={NOW} />);
    expect(screen.getByTestId('account-row').querySelector('[data-code="server_error"]')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
  it('Copy puts the raw token from the background on the clipboard and says "Copied"', async () => {
    let written = '';
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (s: string) => void (written = s) }, configurable: true });
    replies.set('secret.reveal', { ok: true, value: { value: 'TEST-raw-token' } });
    replies.set('clipboard.scheduleWipe', { ok: true, value: {} });
    render(<AccountRow account={account()} now={NOW} />);
    fireEvent.click(screen.getByRole('button', { name: 'Copy: Access token of TIENDAPALERMO' }));
    await waitFor(() => expect(screen.getByTestId('copied').textContent).toContain('Copied. The clipboard is wiped in 60 s, even if you switch away'));
    expect(written).toBe('TEST-raw-token');
    // The raw value is asked for, written, then the worker is asked to wipe the clipboard.
    expect(sent.slice(-2)).toEqual([
      { type: 'secret.reveal', payload: { kind: 'access', id: 'app1:123' } },
      { type: 'clipboard.scheduleWipe', payload: {} },
    ]);
  });
});

describe('<AppForm>', () => {
  it('ties a field error to its field and clears it when the field changes', async () => {
    replies.set('apps.save', { ok: false, error: { code: 'app_client_id_digits', params: { field: 'clientId' } } });
    render(<AppForm onDone={() => undefined} />);
    fireEvent.input(screen.getByLabelText('Client ID (application number)'), { target: { value: '12ab' } });
    fireEvent.submit(screen.getByTestId('app-form'));
    const input = screen.getByLabelText('Client ID (application number)');
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    const described = document.getElementById(input.getAttribute('aria-describedby')!);
    expect(described?.getAttribute('role')).toBe('alert');
    expect(described?.textContent).toContain('digits only');
    // Another field does not clear it; the field itself does.
    fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Shop' } });
    expect(screen.queryByRole('alert')).toBeTruthy();
    fireEvent.input(input, { target: { value: '123' } });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(input.getAttribute('aria-invalid')).toBe('false');
  });
  it('asks when the credentials were last renewed and sends the date (or nothing for "I don\'t know")', async () => {
    replies.set('apps.save', { ok: true, value: {} });
    render(<AppForm onDone={() => undefined} />);
    expect((screen.getByLabelText("I don't know") as HTMLInputElement).checked).toBe(true);
    fireEvent.submit(screen.getByTestId('app-form'));
    await waitFor(() => expect(sent.at(-1)?.type).toBe('apps.save'));
    expect(sent.at(-1)!.payload).not.toHaveProperty('lastRenewedAt');
    fireEvent.input(screen.getByLabelText('Date of the last renewal'), { target: { value: '2026-01-15' } });
    fireEvent.submit(screen.getByTestId('app-form'));
    await waitFor(() => expect(sent.filter((m) => m.type === 'apps.save')).toHaveLength(2));
    expect((sent.at(-1)!.payload as { lastRenewedAt: number }).lastRenewedAt).toBe(new Date('2026-01-15T12:00:00').getTime());
  });
});

describe('<VaultGate>', () => {
  it('the unlock field has focus; a failure re-reads the vault state; the slow-down is announced', async () => {
    replies.set('vault.unlock', { ok: false, error: { code: 'wrong_passphrase' } });
    let changes = 0;
    const { rerender } = render(<VaultGate state={{ state: 'locked', mode: 'passphrase', retryAt: null, autoLockMinutes: 30 }} onChange={() => changes++} />);
    expect(document.activeElement).toBe(screen.getByLabelText('Passphrase'));
    fireEvent.input(screen.getByLabelText('Passphrase'), { target: { value: 'nope nope' } });
    fireEvent.submit(screen.getByTestId('vault-unlock'));
    await waitFor(() => expect(changes).toBe(1));
    const input = screen.getByLabelText('Passphrase');
    expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toContain('That passphrase is not correct.');
    rerender(<VaultGate state={{ state: 'locked', mode: 'passphrase', retryAt: Date.now() + 4000, autoLockMinutes: 30 }} onChange={() => changes++} />);
    const slowed = screen.getByTestId('vault-slowed');
    expect(slowed.getAttribute('role')).toBe('status');
    expect(slowed.textContent).toMatch(/Several wrong attempts: each new try now waits a little longer\. Next try in [34] seconds\./);
    expect((screen.getByRole('button', { name: 'Unlock' }) as HTMLButtonElement).disabled).toBe(true);
  });
  it('a mismatch is tied to the second field and cleared when it changes', async () => {
    render(<VaultGate state={{ state: 'uninitialized', mode: null, retryAt: null, autoLockMinutes: 30 }} onChange={() => undefined} />);
    fireEvent.input(screen.getByLabelText('Passphrase'), { target: { value: 'one passphrase' } });
    fireEvent.input(screen.getByLabelText('Repeat the passphrase'), { target: { value: 'another one' } });
    fireEvent.submit(screen.getByTestId('vault-setup'));
    const confirm = screen.getByLabelText('Repeat the passphrase');
    await waitFor(() => expect(confirm.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(confirm.getAttribute('aria-describedby')!)?.textContent).toContain('The two passphrases are different.');
    fireEvent.input(confirm, { target: { value: 'one passphrase' } });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });
});

describe('<StatusLine>', () => {
  it('says nothing when the background answers', async () => {
    replies.set('status', { ok: true, value: { version: '0.1.0', extensionId: 'x', redirectUrl: '', startedAt: 0 } });
    const { container } = render(<StatusLine />);
    await waitFor(() => expect(screen.getByTestId('status-line').getAttribute('data-ready')).toBe('yes'));
    expect(container.textContent).toBe('');
  });
  it('shows the error when the background cannot be reached', async () => {
    replies.set('status', { ok: false, error: { code: 'background_unreachable' } });
    render(<StatusLine />);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain("The extension's background did not answer."));
  });
});

describe('<Popup>', () => {
  it('sorts sellers and application tokens by urgency', () => {
    const o = overview({
      accounts: [account({ id: 'a', nickname: 'OK' }), account({ id: 'b', nickname: 'EXPIRED', status: 'expired' }), account({ id: 'c', nickname: 'SOON', status: 'expiring_soon' })],
    });
    expect(rowsByUrgency(o).map((r) => (r.kind === 'account' ? r.account.nickname : ''))).toEqual(['EXPIRED', 'SOON', 'OK']);
  });
  it('locked: only the unlock form and the count of what waits, no refresh/copy/reveal', async () => {
    replies.set('overview', {
      ok: true,
      value: overview({
        vault: { state: 'locked', mode: 'passphrase', retryAt: null, autoLockMinutes: 30 },
        accounts: [account({ status: 'locked', waitingForUnlock: true }), account({ id: 'x', nickname: 'OTHER', status: 'locked' })],
      }),
    });
    replies.set('status', { ok: true, value: { version: '0.1.0', extensionId: 'x', redirectUrl: '', startedAt: 0 } });
    render(<Popup />);
    await waitFor(() => expect(screen.getByTestId('locked-waiting').textContent).toBe('2 linked sellers are waiting behind the lock. 1 token refresh runs as soon as you unlock.'));
    expect(screen.queryByTestId('account-row')).toBeNull();
    expect(screen.queryByRole('button', { name: /Refresh|Copy|Reveal|Re-link|Get a new token/ })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Passphrase')));
  });
  it(`the filter box appears with more than ${FILTER_AFTER} rows and filters them`, async () => {
    const many = Array.from({ length: FILTER_AFTER + 1 }, (_, i) => account({ id: `a${i}`, userId: String(1000 + i), nickname: `SELLER${i}` }));
    replies.set('overview', { ok: true, value: overview({ accounts: many }) });
    replies.set('status', { ok: true, value: { version: '0.1.0', extensionId: 'x', redirectUrl: '', startedAt: 0 } });
    render(<Popup />);
    await waitFor(() => expect(screen.getAllByTestId('account-row')).toHaveLength(FILTER_AFTER + 1));
    fireEvent.input(screen.getByLabelText('Filter sellers and tokens'), { target: { value: 'seller3' } });
    await waitFor(() => expect(screen.getAllByTestId('account-row')).toHaveLength(1));
  });
});

describe('<SettingsSection>', () => {
  it('an invalid ignored origin is tied to the origins field and cleared when it changes', async () => {
    const { SettingsSection } = await import('../../src/ui/options/SettingsSection');
    const { DEFAULT_SETTINGS } = await import('../../src/shared/settings');
    replies.set('settings.set', { ok: false, error: { code: 'settings_invalid_origin', params: { field: 'ignoredOrigins' } } });
    render(<SettingsSection settings={DEFAULT_SETTINGS} reload={() => undefined} />);
    const origins = screen.getByLabelText(/ignore/i, { selector: 'textarea' });
    fireEvent.input(origins, { target: { value: 'not an origin' } });
    fireEvent.submit(origins.closest('form')!);
    await waitFor(() => expect(origins.getAttribute('aria-invalid')).toBe('true'));
    expect(origins.getAttribute('aria-describedby')).toContain('settings-error');
    expect(document.getElementById('settings-error')?.textContent).toContain('not a valid http or https origin');
    fireEvent.input(origins, { target: { value: 'https://example.com' } });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });
});
