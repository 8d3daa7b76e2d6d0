import { describe, expect, it } from 'vitest';
import { classifyWebAuthFailure, errorAdvice, probeAuthorizationPage, webAuthError } from '../../../src/core/oauth';

const base = { clientId: '1234567890123456', redirectUrl: 'https://abc.chromiumapp.org/' };

describe('launchWebAuthFlow failures told apart', () => {
  it("classifies Chromium's messages", () => {
    expect(classifyWebAuthFailure('Authorization page could not be loaded.')).toBe('page_load');
    expect(classifyWebAuthFailure('The user did not approve access.')).toBe('cancelled');
    expect(classifyWebAuthFailure('Authorization page load timed out.')).toBe('timeout');
    expect(classifyWebAuthFailure('Authorization flow timed out.')).toBe('timeout');
    expect(classifyWebAuthFailure("Couldn't create a browser window to display an authorization page.")).toBe('window');
    expect(classifyWebAuthFailure('Did not redirect to the right URL.')).toBe('other');
    expect(classifyWebAuthFailure(undefined)).toBe('other');
  });

  it('a page that could not be loaded and answers 400 → auth_page_refused, naming the redirect URL and client id', () => {
    const e = webAuthError({ failure: 'page_load', probe: { kind: 'status', status: 400 }, ...base });
    expect(e.code).toBe('auth_page_refused');
    expect(e.params).toEqual({ clientId: base.clientId, endpoint: '', redirectUrl: base.redirectUrl, status: 400 });
    expect(errorAdvice(e.code, 'callback', {})).toBe('check_redirect_client');
    expect(errorAdvice(e.code, 'callback', { customAuthorization: true, customEndpoints: true })).toBe('check_redirect_client_endpoint');
  });

  it('unreachable → auth_page_unreachable; its advice mentions a custom endpoint only when there is one', () => {
    const plain = webAuthError({ failure: 'page_load', probe: { kind: 'unreachable' }, ...base });
    expect(plain.code).toBe('auth_page_unreachable');
    expect(errorAdvice(plain.code, 'callback')).toBe('check_connection');
    const custom = webAuthError({ failure: 'page_load', probe: { kind: 'unreachable' }, ...base, customAuthorization: 'http://127.0.0.1:9/authorization' });
    expect(custom.params).toEqual({ endpoint: 'http://127.0.0.1:9/authorization' });
    expect(errorAdvice(custom.code, 'callback', { customAuthorization: true })).toBe('check_custom_authorization');
  });

  it('closed window, timeout, no window, and a page that loads fine on a second look each have their own code', () => {
    expect(webAuthError({ failure: 'cancelled', ...base }).code).toBe('flow_cancelled');
    expect(webAuthError({ failure: 'timeout', ...base }).code).toBe('flow_timed_out');
    expect(webAuthError({ failure: 'window', ...base }).code).toBe('flow_window_failed');
    expect(webAuthError({ failure: 'page_load', probe: { kind: 'status', status: 200 }, ...base }).code).toBe('auth_page_failed');
    expect(errorAdvice('flow_cancelled', 'callback')).toBe('link_again_let_finish');
    expect(errorAdvice('flow_timed_out', 'callback')).toBe('link_again_in_time');
  });

  it('the probe is one GET without cookies or redirects, and reports the status or that nothing answered', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const ok = await probeAuthorizationPage({
      url: 'https://auth.example/authorization?client_id=1',
      fetch: async (u, init) => {
        calls.push([String(u), init]);
        return new Response('bad', { status: 400 });
      },
    });
    expect(ok).toEqual({ kind: 'status', status: 400 });
    expect(calls).toHaveLength(1);
    expect(calls[0]![1]).toMatchObject({ method: 'GET', redirect: 'manual', credentials: 'omit' });
    expect(calls[0]![1]!.body).toBeUndefined();
    const down = await probeAuthorizationPage({ url: 'https://auth.example/', fetch: async () => { throw new TypeError('Failed to fetch'); } });
    expect(down).toEqual({ kind: 'unreachable' });
  });
});

describe('advice follows the configuration', () => {
  it('custom endpoints are mentioned only when the application has some', () => {
    expect(errorAdvice('network', 'authorization_code')).toBe('check_connection');
    expect(errorAdvice('network', 'authorization_code', { customEndpoints: true })).toBe('check_connection_and_endpoints');
    expect(errorAdvice('invalid_response', 'authorization_code')).toBe('link_again_nothing_saved');
    expect(errorAdvice('invalid_response', 'authorization_code', { customEndpoints: true })).toBe('check_endpoint');
    expect(errorAdvice('invalid_response', 'refresh_token', { customEndpoints: true })).toBe('retry_once_after_rotation');
    expect(errorAdvice('refresh_interrupted', 'refresh_token')).toBe('retry_once_deliberately');
    expect(errorAdvice('outcome_unknown', 'authorization_code')).toBe('link_again_nothing_saved');
  });
});
