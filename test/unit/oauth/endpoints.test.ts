import { describe, expect, it } from 'vitest';
import {
  defaultEndpoints,
  isAllowedEndpoint,
  isLoopbackHttp,
  isStaticRedirectUri,
  parseCustomEndpoint,
  resolveEndpoints,
  usersMeUrl,
} from '../../../src/core/oauth';

describe('defaultEndpoints', () => {
  it('uses the country auth host and the shared API', () => {
    expect(defaultEndpoints('MCO')).toEqual({
      authorization: 'https://auth.mercadopago.com.co/authorization',
      token: 'https://api.mercadopago.com/oauth/token',
      api: 'https://api.mercadopago.com',
    });
    expect(defaultEndpoints(null).authorization).toBe('https://auth.mercadopago.com/authorization');
    expect(defaultEndpoints().authorization).toBe('https://auth.mercadopago.com/authorization');
  });
  it('resolveEndpoints overrides only what is set', () => {
    expect(resolveEndpoints('MPE', { token: 'http://127.0.0.1:9/oauth/token' })).toEqual({
      authorization: 'https://auth.mercadopago.com.pe/authorization',
      token: 'http://127.0.0.1:9/oauth/token',
      api: 'https://api.mercadopago.com',
    });
  });
});

describe('parseCustomEndpoint', () => {
  it.each([
    ['https://auth.example.com/authorization', 'https://auth.example.com/authorization'],
    ['  https://api.example.com  ', 'https://api.example.com/'],
    ['http://127.0.0.1:8787/oauth/token', 'http://127.0.0.1:8787/oauth/token'],
    ['http://localhost:8787/authorization', 'http://localhost:8787/authorization'],
    ['http://[::1]:8787/', 'http://[::1]:8787/'],
    ['HTTP://LOCALHOST:1/x', 'http://localhost:1/x'],
  ])('accepts %s', (input, url) => {
    expect(parseCustomEndpoint(input)).toEqual({ ok: true, url });
  });

  it.each([
    'http://example.com/oauth/token',
    'http://127.0.0.2/oauth/token',
    'http://localhost.example.com/',
    'http://10.0.0.1/',
  ])('refuses plain http to %s', (input) => {
    expect(parseCustomEndpoint(input)).toEqual({ ok: false, code: 'endpoint_not_https' });
  });

  it.each([
    '',
    '   ',
    'auth.mercadopago.com',
    '/oauth/token',
    'ftp://example.com/',
    'javascript:alert(1)',
    'data:text/html,hi',
    'https://user:pass@example.com/',
    'https://example.com/authorization?client_id=1',
    'https://example.com/authorization#x',
    'https://example.com/a?',
    'https://exa mple.com/',
    'file:///etc/passwd',
  ])('refuses %j as invalid', (input) => {
    expect(parseCustomEndpoint(input)).toEqual({ ok: false, code: 'endpoint_invalid' });
  });

  it('isLoopbackHttp only for http on the three loopback names', () => {
    expect(isLoopbackHttp('http://127.0.0.1:1/')).toBe(true);
    expect(isLoopbackHttp('http://[::1]/')).toBe(true);
    expect(isLoopbackHttp('http://localhost/')).toBe(true);
    expect(isLoopbackHttp('https://127.0.0.1/')).toBe(false);
    expect(isLoopbackHttp('http://example.com/')).toBe(false);
    expect(isLoopbackHttp('garbage')).toBe(false);
    expect(isAllowedEndpoint('https://x.example/')).toBe(true);
    expect(isAllowedEndpoint('http://x.example/')).toBe(false);
  });
});

describe('helpers', () => {
  it('usersMeUrl keeps a path prefix', () => {
    expect(usersMeUrl('https://api.mercadopago.com')).toBe('https://api.mercadopago.com/users/me');
    expect(usersMeUrl('https://api.mercadopago.com/')).toBe('https://api.mercadopago.com/users/me');
    expect(usersMeUrl('http://127.0.0.1:1/mp/')).toBe('http://127.0.0.1:1/mp/users/me');
  });
  it('isStaticRedirectUri', () => {
    expect(isStaticRedirectUri('https://abc.chromiumapp.org/')).toBe(true);
    expect(isStaticRedirectUri('https://abc.chromiumapp.org/?x=1')).toBe(false);
    expect(isStaticRedirectUri('https://abc.chromiumapp.org/#x')).toBe(false);
    expect(isStaticRedirectUri('nope')).toBe(false);
  });
});
