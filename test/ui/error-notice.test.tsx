import { replies, sent } from './setup-i18n';
import { beforeEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/preact';
import { ErrorNotice } from '../../src/ui/components/ErrorNotice';
import type { Overview } from '../../src/shared/api';
import { overview } from './fixtures';


beforeEach(() => {
  sent.length = 0;
  replies.clear();
});

describe('<ErrorNotice>', () => {
  it('a background that still does not answer: the localized sentence, the next step and the code, as an alert', async () => {
    render(<ErrorNotice error={{ code: 'background_unreachable' }} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("The extension's background did not answer.");
    expect(alert.textContent).toContain('Next step: Close and reopen this page');
    expect(alert.textContent).toContain('Code: background_unreachable');
    expect(sent.map((m) => m.type)).toContain('overview');
  });
  it('steps aside when the restarted background reported the interrupted link (the page shows that instead)', async () => {
    replies.set('overview', { ok: true, value: overview({ interruptedFlow: { appId: 'a', at: Date.now() } }) });
    const { container } = render(<ErrorNotice error={{ code: 'background_unreachable' }} />);
    await waitFor(() => expect(sent.some((m) => m.type === 'overview')).toBe(true));
    await new Promise((r) => setTimeout(r, 20));
    expect(container.textContent).toBe('');
  });
  it('steps aside when the restarted background reported an interrupted refresh', async () => {
    const account = { lastError: { code: 'refresh_interrupted', at: Date.now() } } as Overview['accounts'][number];
    replies.set('overview', { ok: true, value: overview({ accounts: [account] }) });
    const { container } = render(<ErrorNotice error={{ code: 'background_unreachable' }} />);
    await waitFor(() => expect(sent.some((m) => m.type === 'overview')).toBe(true));
    await new Promise((r) => setTimeout(r, 20));
    expect(container.textContent).toBe('');
  });
  it('says "restarted, try again" when the background answers again but reported nothing', async () => {
    replies.set('overview', { ok: true, value: overview() });
    render(<ErrorNotice error={{ code: 'background_unreachable' }} />);
    const alert = await screen.findByRole('alert');
    expect(alert.getAttribute('data-code')).toBe('background_restarted');
    expect(alert.textContent).not.toContain('chrome://extensions');
  });
  it('falls back to a generic sentence that names an unknown code', () => {
    render(<ErrorNotice error={{ code: 'brand_new_code' }} />);
    expect(screen.getByRole('alert').textContent).toContain('Something went wrong (code brand_new_code).');
  });
});
