import { describe, expect, it } from 'vitest';
import {
  clientCredentials,
  defaultEndpoints,
  exchangeCode,
  fetchUserMe,
  MP_ERROR_KEYS,
  OAuthError,
  refreshTokens,
  userIdFromToken,
  type TokenCallBase,
} from '../../../src/core/oauth';
import {
  ACCESS,
  CLIENT_ID,
  CLIENT_SECRET,
  codeResponse,
  fakeFetch,
  hangingFetch,
  json,
  PUBLIC_KEY,
  REFRESH,
  REFRESH2,
  TEST_ACCESS,
  USER_ID,
} from './helpers';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const TOKEN_URL = 'https://api.mercadopago.com/oauth/token';

function base(f: typeof fetch, extra: Partial<TokenCallBase> = {}): TokenCallBase {
  return { endpoints: defaultEndpoints('MLA'), clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, fetch: f, now: NOW, ...extra };
}

function exchange(f: typeof fetch, extra: Partial<Parameters<typeof exchangeCode>[0]> = {}) {
  return exchangeCode({ ...base(f), code: 'TG-0123456789abcdef01234567-241983636', redirectUri: REDIRECT, verifier: VERIFIER, testToken: false, ...extra });
}

async function caught(p: Promise<unknown>): Promise<OAuthError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(OAuthError);
    return e as OAuthError;
  }
  throw new Error('expected a rejection');
}

function expectNoSecret(e: OAuthError) {
  const text = `${e.message} ${JSON.stringify(e.params)} ${String(e.stack)}`;
  for (const s of [CLIENT_SECRET, ACCESS, REFRESH, REFRESH2, VERIFIER]) expect(text).not.toContain(s);
}

describe('exchangeCode', () => {
  it('sends the form body oauth4webapi builds, with code_verifier, and returns a validated TokenSet', async () => {
    const { fetch, requests } = fakeFetch([json(codeResponse())]);
    const t = await exchange(fetch);
    expect(t).toEqual({
      accessToken: ACCESS,
      refreshToken: REFRESH,
      publicKey: PUBLIC_KEY,
      userId: String(USER_ID),
      expiresAt: NOW + 15552000 * 1000,
      scope: 'offline_access read write',
      liveMode: true,
      tokenType: 'bearer',
    });
    expect(requests).toHaveLength(1);
    const r = requests[0]!;
    expect(r.url).toBe(TOKEN_URL);
    expect(r.method).toBe('POST');
    expect(r.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(r.headers.accept).toBe('application/json');
    expect(r.headers.authorization).toBeUndefined();
    expect(r.body).toBeInstanceOf(URLSearchParams);
    expect(r.fields).toEqual({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      code: 'TG-0123456789abcdef01234567-241983636',
      redirect_uri: REDIRECT,
      code_verifier: VERIFIER,
    });
  });

  it('adds test_token=true for sandbox credentials and omits code_verifier without PKCE', async () => {
    const { fetch, requests } = fakeFetch([json(codeResponse({ access_token: TEST_ACCESS, live_mode: false }))]);
    const t = await exchange(fetch, { testToken: true, verifier: null });
    expect(t.liveMode).toBe(false);
    expect(requests[0]!.fields.test_token).toBe('true');
    expect('code_verifier' in requests[0]!.fields).toBe(false);
  });

  it('takes LIVE/TEST from live_mode, never from the prefix', async () => {
    const a = fakeFetch([json(codeResponse({ access_token: ACCESS, live_mode: false }))]);
    expect((await exchange(a.fetch)).liveMode).toBe(false);
    const b = fakeFetch([json(codeResponse({ access_token: TEST_ACCESS, live_mode: true }))]);
    expect((await exchange(b.fetch)).liveMode).toBe(true);
  });

  it('accepts user_id as a digit string, a missing public_key and a token_type in capitals', async () => {
    const { fetch } = fakeFetch([json(codeResponse({ user_id: '241983636', public_key: undefined, token_type: 'Bearer' }))]);
    const t = await exchange(fetch);
    expect(t.userId).toBe('241983636');
    expect(t.publicKey).toBeNull();
  });

  it('falls back to a JSON body once when the server answers 415 to the form', async () => {
    const { fetch, requests } = fakeFetch((req) =>
      req.contentType.startsWith('application/json') ? json(codeResponse()) : json({ error: 'unsupported_media_type' }, 415),
    );
    const t = await exchange(fetch, { testToken: true });
    expect(t.accessToken).toBe(ACCESS);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.contentType).toBe('application/json');
    expect(typeof requests[1]!.body).toBe('string');
    expect(JSON.parse(requests[1]!.body as string)).toEqual({ ...requests[0]!.fields });
    expect(requests[1]!.fields).toMatchObject({ code_verifier: VERIFIER, test_token: 'true', grant_type: 'authorization_code' });
  });

  it('does not retry more than once on 415', async () => {
    const { fetch, requests } = fakeFetch(() => new Response('no', { status: 415 }));
    const e = await caught(exchange(fetch));
    expect(requests).toHaveLength(2);
    expect(e.code).toBe('rejected');
    expect(e.params.status).toBe(415);
  });

  it.each([
    ['access_token missing', { access_token: undefined }],
    ['access_token not a string', { access_token: 12 }],
    ['access_token with spaces', { access_token: 'APP_USR bad token' }],
    ['token_type missing', { token_type: undefined }],
    ['token_type mac', { token_type: 'mac' }],
    ['token_type dpop', { token_type: 'DPoP' }],
    ['expires_in missing', { expires_in: undefined }],
    ['expires_in zero', { expires_in: 0 }],
    ['expires_in negative', { expires_in: -5 }],
    ['expires_in not numeric', { expires_in: 'soon' }],
    ['refresh_token missing', { refresh_token: undefined }],
    ['refresh_token empty', { refresh_token: '' }],
    ['user_id missing', { user_id: undefined }],
    ['user_id negative', { user_id: -3 }],
    ['user_id with letters', { user_id: '12ab' }],
    ['user_id fractional', { user_id: 1.5 }],
    ['live_mode missing', { live_mode: undefined }],
    ['live_mode as string', { live_mode: 'true' }],
    ['public_key not a string', { public_key: 42 }],
    ['scope not a string', { scope: ['read'] }],
  ])('rejects a response with %s as invalid_response', async (_name, overrides) => {
    const { fetch } = fakeFetch([json(codeResponse(overrides))]);
    const e = await caught(exchange(fetch));
    expect(e.code).toBe('invalid_response');
    expectNoSecret(e);
  });

  it('rejects malformed JSON, a non-object body and an unexpected status as invalid_response', async () => {
    for (const res of [
      new Response('{not json', { status: 200, headers: { 'content-type': 'application/json' } }),
      new Response('<html>ok</html>', { status: 200, headers: { 'content-type': 'text/html' } }),
      json([1, 2, 3]),
      new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } }),
    ]) {
      const { fetch } = fakeFetch([res]);
      expect((await caught(exchange(fetch))).code).toBe('invalid_response');
    }
  });

  it.each(MP_ERROR_KEYS.filter((k) => k !== 'local_rate_limited'))('maps the %s error body to its key', async (key) => {
    const { fetch } = fakeFetch([json({ error: key, error_description: `details for ${key}`, status: 400 }, 400)]);
    const e = await caught(exchange(fetch));
    expect(e.code).toBe(key);
    expect(e.params.status).toBe(400);
    expect(e.params.description).toBe(`details for ${key}`);
    expectNoSecret(e);
  });

  it('reads the key from message when error is generic, and masks credentials in descriptions', async () => {
    const { fetch } = fakeFetch([
      json({ error: 'bad_request', message: 'invalid_grant', error_description: `refresh ${REFRESH} expired` }, 400),
    ]);
    const e = await caught(exchange(fetch));
    expect(e.code).toBe('invalid_grant');
    expectNoSecret(e);
    expect(String(e.params.description)).toContain('TG-0123\u20263636');
  });

  it('uses message as the description when error_description is absent', async () => {
    const { fetch } = fakeFetch([json({ message: 'refresh_token already used', error: 'invalid_grant', status: 400, cause: [] }, 400)]);
    expect(await caught(exchange(fetch))).toMatchObject({ code: 'invalid_grant', params: { description: 'refresh_token already used' } });
    const same = fakeFetch([json({ message: 'invalid_grant', error: 'invalid_grant' }, 400)]);
    expect((await caught(exchange(same.fetch))).params.description).toBeUndefined();
  });

  it('maps an unknown error key to rejected, keeping the key', async () => {
    const { fetch } = fakeFetch([json({ error: 'something_new' }, 409)]);
    const e = await caught(exchange(fetch));
    expect(e).toMatchObject({ code: 'rejected', params: { status: 409, error: 'something_new' } });
  });

  it('maps bare 4xx statuses without an error body', async () => {
    const cases: Array<[number, string]> = [
      [400, 'invalid_request'],
      [401, 'invalid_client'],
      [403, 'forbidden'],
      [404, 'rejected'],
    ];
    for (const [status, code] of cases) {
      const { fetch } = fakeFetch([new Response('nope', { status, headers: { 'content-type': 'text/plain' } })]);
      expect((await caught(exchange(fetch))).code).toBe(code);
    }
  });

  it('maps a 401 WWW-Authenticate challenge', async () => {
    const { fetch } = fakeFetch([new Response(null, { status: 401, headers: { 'www-authenticate': 'Basic realm="mp"' } })]);
    expect((await caught(exchange(fetch))).code).toBe('invalid_client');
  });

  it('maps 5xx to server_error', async () => {
    for (const status of [500, 502, 503, 504]) {
      const { fetch } = fakeFetch([json({ message: 'internal', error: 'internal_error' }, status)]);
      const e = await caught(exchange(fetch));
      expect(e).toMatchObject({ code: 'server_error', params: { status } });
    }
  });

  it('maps 429 to local_rate_limited with Retry-After (seconds or date)', async () => {
    const a = fakeFetch([json({ error: 'local_rate_limited' }, 429, { 'retry-after': '120' })]);
    expect(await caught(exchange(a.fetch))).toMatchObject({ code: 'local_rate_limited', params: { retryAfterSeconds: 120 } });
    const b = fakeFetch([new Response('slow down', { status: 429, headers: { 'retry-after': new Date(NOW + 30_000).toUTCString() } })]);
    expect(await caught(exchange(b.fetch))).toMatchObject({ code: 'local_rate_limited', params: { retryAfterSeconds: 30 } });
    const c = fakeFetch([new Response('', { status: 429 })]);
    const e = await caught(exchange(c.fetch));
    expect(e.code).toBe('local_rate_limited');
    expect(e.params.retryAfterSeconds).toBeUndefined();
  });

  it('maps a timeout to outcome_unknown', async () => {
    const { fetch } = hangingFetch();
    const e = await caught(exchange(fetch, { timeoutMs: 20 }));
    expect(e).toMatchObject({ code: 'outcome_unknown', params: { reason: 'timeout' } });
  });

  it('refuses an empty code without a request', async () => {
    const { fetch, requests } = fakeFetch([json(codeResponse())]);
    expect((await caught(exchange(fetch, { code: '' }))).code).toBe('missing_code');
    expect(requests).toHaveLength(0);
  });

  it('maps a failed connection to network', async () => {
    const { fetch } = fakeFetch(() => {
      throw new TypeError('fetch failed');
    });
    expect(await caught(exchange(fetch))).toMatchObject({ code: 'network' });
  });

  it('refuses plain http to a non-loopback host, and allows loopback http (sandbox)', async () => {
    const bad = fakeFetch([json(codeResponse())]);
    const e = await caught(exchange(bad.fetch, { endpoints: { token: 'http://sandbox.example/oauth/token' } }));
    expect(e.code).toBe('endpoint_not_https');
    expect(bad.requests).toHaveLength(0);
    const ok = fakeFetch([json(codeResponse())]);
    await exchange(ok.fetch, { endpoints: { token: 'http://127.0.0.1:8787/oauth/token' } });
    expect(ok.requests[0]!.url).toBe('http://127.0.0.1:8787/oauth/token');
  });
});

describe('refreshTokens', () => {
  const refresh = (f: typeof fetch, extra: Partial<Parameters<typeof refreshTokens>[0]> = {}) =>
    refreshTokens({ ...base(f), refreshToken: REFRESH, ...extra });

  it('sends grant_type=refresh_token and returns the rotated refresh token', async () => {
    const { fetch, requests } = fakeFetch([json(codeResponse({ refresh_token: REFRESH2 }))]);
    const t = await refresh(fetch);
    expect(t.refreshToken).toBe(REFRESH2);
    expect(requests[0]!.fields).toEqual({
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      refresh_token: REFRESH,
    });
  });

  it('accepts the documented short refresh response using what is known about the account', async () => {
    const short = { access_token: ACCESS, token_type: 'bearer', expires_in: 15552000, scope: 'offline_access read write', refresh_token: REFRESH2 };
    const { fetch } = fakeFetch([json(short)]);
    const t = await refresh(fetch, { previous: { userId: String(USER_ID), liveMode: false } });
    expect(t).toMatchObject({ userId: String(USER_ID), liveMode: false, publicKey: null, refreshToken: REFRESH2 });
    const again = fakeFetch([json(short)]);
    expect((await caught(refresh(again.fetch))).code).toBe('invalid_response');
  });

  it('rejects a refresh that answers for another user', async () => {
    const { fetch } = fakeFetch([json(codeResponse({ refresh_token: REFRESH2, user_id: 999 }))]);
    const e = await caught(refresh(fetch, { previous: { userId: String(USER_ID), liveMode: true } }));
    expect(e).toMatchObject({ code: 'invalid_response', params: { reason: 'user_id_changed' } });
  });

  it('requires a refresh_token in the answer', async () => {
    const { fetch } = fakeFetch([json(codeResponse({ refresh_token: undefined }))]);
    expect((await caught(refresh(fetch))).code).toBe('invalid_response');
  });

  it('maps invalid_grant (revoked/expired) to invalid_grant', async () => {
    const { fetch } = fakeFetch([json({ error: 'invalid_grant', error_description: 'invalid refresh_token' }, 400)]);
    expect((await caught(refresh(fetch))).code).toBe('invalid_grant');
  });

  it('treats timeouts and dropped connections as outcome_unknown (no blind retry)', async () => {
    const h = hangingFetch();
    expect(await caught(refresh(h.fetch, { timeoutMs: 20 }))).toMatchObject({ code: 'outcome_unknown' });
    expect(h.requests).toHaveLength(1);
    const d = fakeFetch(() => {
      throw new TypeError('terminated');
    });
    expect(await caught(refresh(d.fetch))).toMatchObject({ code: 'outcome_unknown', params: { reason: 'network' } });
    expect(d.requests).toHaveLength(1);
  });

  it('treats a body cut after the headers (dropped or timed out) as outcome_unknown, not invalid_response', async () => {
    const cut = fakeFetch(
      () =>
        new Response(new ReadableStream({ start: (c) => c.error(new TypeError('terminated')) }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    );
    expect(await caught(refresh(cut.fetch))).toMatchObject({ code: 'outcome_unknown', params: { reason: 'network' } });
    const slow = fakeFetch((_req, _i, signal) => {
      const body = new ReadableStream({
        start: (c) => {
          c.enqueue(new TextEncoder().encode('{"access_token":'));
          signal?.addEventListener('abort', () => c.error(signal.reason));
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    });
    expect(await caught(refresh(slow.fetch, { timeoutMs: 20 }))).toMatchObject({ code: 'outcome_unknown', params: { reason: 'timeout' } });
  });

  it('does not retry a 5xx', async () => {
    const { fetch, requests } = fakeFetch(() => json({ error: 'internal_error' }, 500));
    expect((await caught(refresh(fetch))).code).toBe('server_error');
    expect(requests).toHaveLength(1);
  });

  it('falls back to JSON on 415', async () => {
    const { fetch, requests } = fakeFetch([new Response('', { status: 415 }), json(codeResponse({ refresh_token: REFRESH2 }))]);
    await refresh(fetch);
    expect(requests[1]!.fields).toEqual({ grant_type: 'refresh_token', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, refresh_token: REFRESH });
  });
});

describe('clientCredentials', () => {
  it('sends grant_type=client_credentials and returns the 6-hour app token', async () => {
    const body = { access_token: ACCESS, token_type: 'bearer', expires_in: 21600, scope: 'offline_access read write', user_id: USER_ID, live_mode: true };
    const { fetch, requests } = fakeFetch([json(body)]);
    const t = await clientCredentials(base(fetch));
    expect(t).toEqual({
      accessToken: ACCESS,
      expiresAt: NOW + 6 * 3600 * 1000,
      scope: 'offline_access read write',
      userId: String(USER_ID),
      liveMode: true,
      tokenType: 'bearer',
    });
    expect(requests[0]!.fields).toEqual({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
  });

  it('asks for a sandbox app token with test_token=true', async () => {
    const { fetch, requests } = fakeFetch([json({ access_token: TEST_ACCESS, token_type: 'bearer', expires_in: 21600, live_mode: false })]);
    const t = await clientCredentials({ ...base(fetch), testToken: true });
    expect(t.liveMode).toBe(false);
    expect(requests[0]!.fields.test_token).toBe('true');
  });

  it('tolerates a minimal response (no refresh token, user id from the token)', async () => {
    const { fetch } = fakeFetch([json({ access_token: ACCESS, token_type: 'bearer', expires_in: 21600 })]);
    const t = await clientCredentials(base(fetch));
    expect(t).toMatchObject({ userId: String(USER_ID), liveMode: null, scope: '' });
  });

  it('maps errors', async () => {
    const { fetch } = fakeFetch([json({ error: 'unauthorized_client' }, 400)]);
    expect((await caught(clientCredentials(base(fetch)))).code).toBe('unauthorized_client');
    const h = hangingFetch();
    expect((await caught(clientCredentials(base(h.fetch, { timeoutMs: 20 })))).code).toBe('outcome_unknown');
  });
});

describe('fetchUserMe', () => {
  it('sends the token only in the Authorization header', async () => {
    const { fetch, requests } = fakeFetch([json({ id: USER_ID, nickname: 'TESTSELLER', site_id: 'MLA', email: 's@example.com' })]);
    const me = await fetchUserMe({ api: 'https://api.mercadopago.com', accessToken: ACCESS, fetch });
    expect(me).toEqual({ id: String(USER_ID), nickname: 'TESTSELLER', siteId: 'MLA', email: 's@example.com' });
    const r = requests[0]!;
    expect(r.url).toBe('https://api.mercadopago.com/users/me');
    expect(r.url).not.toContain(ACCESS);
    expect(r.method).toBe('GET');
    expect(r.headers.authorization).toBe(`Bearer ${ACCESS}`);
  });

  it('keeps a path prefix of a sandbox API base and unknown sites as null', async () => {
    const { fetch, requests } = fakeFetch([json({ id: '5', nickname: 'X', site_id: 'MLV' })]);
    const me = await fetchUserMe({ api: 'http://127.0.0.1:8787/mp/', accessToken: ACCESS, fetch });
    expect(requests[0]!.url).toBe('http://127.0.0.1:8787/mp/users/me');
    expect(me.siteId).toBeNull();
    expect('email' in me).toBe(false);
  });

  it('maps failures', async () => {
    const cases: Array<[Response, string]> = [
      [json({ message: 'invalid_token' }, 401), 'forbidden'],
      [json({ error: 'unauthorized' }, 401, { 'www-authenticate': 'Bearer realm="mp", error="invalid_token"' }), 'forbidden'],
      [json({}, 500), 'server_error'],
      [json({}, 429, { 'retry-after': '5' }), 'local_rate_limited'],
      [json({ nickname: 'no id' }), 'invalid_response'],
      [new Response('x', { status: 200 }), 'invalid_response'],
      [json({}, 404), 'rejected'],
    ];
    for (const [res, code] of cases) {
      const { fetch } = fakeFetch([res]);
      expect((await caught(fetchUserMe({ api: 'https://api.mercadopago.com', accessToken: ACCESS, fetch }))).code).toBe(code);
    }
    const h = hangingFetch();
    expect((await caught(fetchUserMe({ api: 'https://api.mercadopago.com', accessToken: ACCESS, fetch: h.fetch, timeoutMs: 20 }))).code).toBe(
      'network',
    );
    const plain = fakeFetch([json({})]);
    expect((await caught(fetchUserMe({ api: 'http://api.example', accessToken: ACCESS, fetch: plain.fetch }))).code).toBe('endpoint_not_https');
  });
});

describe('userIdFromToken', () => {
  it('reads the digits after the last dash', () => {
    expect(userIdFromToken(ACCESS)).toBe(String(USER_ID));
    expect(userIdFromToken(REFRESH)).toBe(String(USER_ID));
    expect(userIdFromToken('APP_USR-1-2-abc__LA_LD__-123456')).toBe('123456');
    expect(userIdFromToken('no-digits-here')).toBeNull();
  });
});
