import { describe, expect, it, vi } from 'vitest';

vi.mock('webextension-polyfill', () => ({ default: {} }));
const { isOwnPage, toErrorValue, CodedError, countsAsActivity } = await import('../../src/background/infra/router');

const ID = 'hpcaffjeilambdnnbcamcjihinfmfhhg';
const BASE = `chrome-extension://${ID}/`;

describe('router sender check', () => {
  it('accepts our own pages', () => {
    expect(isOwnPage({ id: ID, url: `${BASE}src/ui/popup/index.html` }, ID, BASE)).toBe(true);
    expect(isOwnPage({ id: ID, url: `${BASE}src/ui/devtools/panel.html?tabId=3` }, ID, BASE)).toBe(true);
  });
  it('refuses content scripts, web pages and other extensions', () => {
    expect(isOwnPage({ id: ID, url: 'https://evil.example/' }, ID, BASE)).toBe(false);
    expect(isOwnPage({ id: 'otherextensionidaaaaaaaaaaaaaaaa', url: `chrome-extension://otherextensionidaaaaaaaaaaaaaaaa/x.html` }, ID, BASE)).toBe(false);
    expect(isOwnPage({ id: ID }, ID, BASE)).toBe(false);
    expect(isOwnPage({ url: `${BASE}x.html` }, ID, BASE)).toBe(false);
  });
  it('turns errors into codes without leaking non-primitive params', () => {
    expect(toErrorValue(new CodedError('locked'))).toEqual({ code: 'locked', params: {} });
    expect(toErrorValue({ code: 'x', params: { a: 1, b: { secret: 'APP_USR-1' } } })).toEqual({ code: 'x', params: { a: 1 } });
    expect(toErrorValue(new Error('APP_USR-secret'))).toEqual({ code: 'internal' });
  });
});

describe('auto-lock activity (issue #12 item 5)', () => {
  it('counts user actions only: reads, live updates and the panel reload do not keep the vault open', () => {
    for (const passive of ['overview', 'leaks.list', 'vault.state', 'settings.get', 'status', 'vault.lock']) expect({ passive, counts: countsAsActivity(passive) }).toEqual({ passive, counts: false });
    for (const action of ['accounts.refresh', 'accounts.link', 'apps.save', 'secret.reveal', 'leaks.ignore', 'settings.set', 'vault.export']) expect({ action, counts: countsAsActivity(action) }).toEqual({ action, counts: true });
  });
});
