import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import './setup-i18n';
import { LeakList } from '../../src/ui/components/LeakList';
import { axiosSnippet, fetchSnippet, snippetRequest } from '../../src/ui/components/snippet';
import type { TabLeaks } from '../../src/shared/api';

describe('fix snippet: the same request from a backend, only the credential moves to the header', () => {
  it('keeps every other query parameter, in order and spelled as sent', () => {
    const r = snippetRequest('https://api.mercadopago.com/v1/payments/search?status=approved&access_token=APP_USR-1234…6789&sort=date_created&criteria=desc', 'query', 'access_token', 'GET');
    expect(r).toEqual({ url: 'https://api.mercadopago.com/v1/payments/search?status=approved&sort=date_created&criteria=desc', method: 'GET' });
  });
  it('drops the query when the credential was its only parameter, and a fragment credential', () => {
    expect(snippetRequest('https://api.mercadopago.com/users/me?access_token=APP_USR-1…2', 'query', 'access_token', 'get')!.url).toBe('https://api.mercadopago.com/users/me');
    expect(snippetRequest('https://shop.example/cb?x=1#access_token=APP_USR-1…2', 'fragment', 'access_token', 'GET')!.url).toBe('https://shop.example/cb?x=1');
  });
  it('matches an encoded parameter name and keeps the method', () => {
    const r = snippetRequest('https://api.mercadopago.com/v1/orders?access%5Ftoken=APP_USR-1…2&external_reference=A%20B', 'query', 'access_token', 'POST')!;
    expect(r).toEqual({ url: 'https://api.mercadopago.com/v1/orders?external_reference=A%20B', method: 'POST' });
    expect(fetchSnippet(r, 'on your backend')).toContain("method: 'POST'");
    expect(axiosSnippet(r, 'on your backend')).toContain("axios.request({\n  url: 'https://api.mercadopago.com/v1/orders?external_reference=A%20B',\n  method: 'POST',");
  });
  it('is not offered for what is not an http(s) URL', () => {
    expect(snippetRequest('not a url', 'text', null, 'GET')).toBeNull();
    expect(snippetRequest('ws://x.example/?access_token=a', 'query', 'access_token', 'GET')).toBeNull();
  });
  it('quotes the URL safely in JavaScript', () => {
    const code = fetchSnippet({ url: "https://x.example/a?q=it's", method: 'GET' }, 'c');
    expect(code).toContain("fetch('https://x.example/a?q=it\\'s', {");
  });

  const data: TabLeaks = {
    tabId: 7,
    dropped: 0,
    limits: { perTab: 200, total: 1000 },
    findings: [
      {
        key: 'k1', kind: 'access_token', rule: 'mp-access-token', severity: 'critical', location: 'query', param: 'access_token',
        url: 'https://api.mercadopago.com/v1/payments/search?access_token=APP_USR-1234…6789&status=approved', masked: 'APP_USR-1234…6789', fingerprint: '0123456789abcdef',
        userId: '6789', fix: 'x', fixId: 'move_to_authorization_header', method: 'GET', initiator: 'https://shop.example', count: 1,
        firstSeen: 0, lastSeen: 0, account: null,
      },
    ],
  };
  it('each snippet has a Copy button that puts exactly that code on the clipboard and says so', async () => {
    let clip = '';
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (s: string) => void (clip = s) } });
    render(<LeakList data={data} full={true} onChanged={() => undefined} />);
    fireEvent.click(screen.getByRole('button', { name: 'Details' }));
    const samples = screen.getAllByTestId('snippet');
    expect(samples.map((s) => s.getAttribute('data-lang'))).toEqual(['fetch', 'axios']);
    const code = samples[0]!.querySelector('pre')!.textContent!;
    expect(code).toContain("fetch('https://api.mercadopago.com/v1/payments/search?status=approved', {");
    expect(code).not.toContain('access_token=');
    fireEvent.click(screen.getByRole('button', { name: 'Copy the fetch example' }));
    await waitFor(() => expect(samples[0]!.querySelector('[data-testid=snippet-copied]')!.textContent).toBe('Copied to the clipboard.'));
    expect(clip).toBe(code);
  });
});
