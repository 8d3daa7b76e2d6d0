import { beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../scripts/sandbox/server';
import {
  APP,
  REDIRECT,
  SELLER,
  TG_RE,
  approveVia,
  authUrl,
  decide,
  get,
  location,
  pkce,
  requestIdOf,
} from './helpers';
import { sandboxPerFile, start } from './helpers';

const sandbox = sandboxPerFile();
let sb: Sandbox;
beforeEach(() => {
  sb = sandbox();
});

describe('GET /authorization: consent page', () => {
  it('lists every seller with an Approve button and a Deny button, no scripts or external resources', async () => {
    const p = pkce();
    const res = await get(authUrl(sb, { code_challenge: p.challenge, code_challenge_method: 'S256', state: 'abc123' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    for (const s of sb.sellers) expect(html).toContain(`>Approve as ${s.nickname}</button>`);
    expect(html).toMatch(/<button[^>]*>Deny<\/button>/);
    expect(html).not.toMatch(/<script|src=|https?:\/\/(?!mfpc)/i);
    // forms carry only a server-side request id, never the original parameters
    expect(html).toContain('action="/authorization/decision"');
    expect(html).not.toContain('abc123');
    expect(html).not.toContain(p.challenge);
    expect(requestIdOf(html).length).toBeGreaterThan(16);
  });

  it('approve → 302 to redirect_uri with TG- code and the same state', async () => {
    const back = await approveVia(
      sb,
      authUrl(sb, { state: 'state-xyz', code_challenge: pkce().challenge, code_challenge_method: 'S256' }),
    );
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('state-xyz');
    const code = back.searchParams.get('code')!;
    expect(code).toMatch(TG_RE);
    expect(code.endsWith(`-${SELLER}`)).toBe(true);
  });

  it('deny → access_denied with state', async () => {
    const page = await get(authUrl(sb, { state: 's-deny', code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
    const res = await decide(sb, { request_id: requestIdOf(await page.text()), deny: '1' });
    expect(res.status).toBe(302);
    const back = location(res);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('error_description')).toBeTruthy();
    expect(back.searchParams.get('state')).toBe('s-deny');
    expect(back.searchParams.has('code')).toBe(false);
  });

  it('a decision is single use; an unknown request id is refused', async () => {
    const page = await get(authUrl(sb, { code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
    const rid = requestIdOf(await page.text());
    expect((await decide(sb, { request_id: rid, approve_as: SELLER })).status).toBe(302);
    const again = await decide(sb, { request_id: rid, approve_as: SELLER });
    expect(again.status).toBe(400);
    expect(again.headers.get('location')).toBeNull();
    expect((await decide(sb, { request_id: 'nope', approve_as: SELLER })).status).toBe(400);
  });

  it('unknown seller in the decision is refused', async () => {
    const page = await get(authUrl(sb, { code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
    const res = await decide(sb, { request_id: requestIdOf(await page.text()), approve_as: '999' });
    expect(res.status).toBe(400);
  });
});

describe('GET /authorization: validation', () => {
  it('unknown client → HTML error page, no redirect', async () => {
    const res = await get(authUrl(sb, { client_id: '999', code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('Unknown application');
  });

  it.each([
    ['a different path', REDIRECT + 'x'],
    ['a trailing-slash difference', REDIRECT.slice(0, -1)],
    ['an extra query', REDIRECT + '?a=1'],
  ])('redirect_uri with %s → HTML error page, no redirect', async (_n, uri) => {
    const res = await get(authUrl(sb, { redirect_uri: uri, code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('Invalid redirect URL');
  });

  it('missing redirect_uri → HTML error page', async () => {
    const res = await get(authUrl(sb, { redirect_uri: undefined }));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('PKCE on and no code_challenge → redirect with invalid_request and state (RFC 7636 §4.4.1)', async () => {
    const res = await get(authUrl(sb, { state: 'pk1' }));
    expect(res.status).toBe(302);
    const back = location(res);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/code_challenge/);
    expect(back.searchParams.get('state')).toBe('pk1');
  });

  it('PKCE on and no code_challenge_method → invalid_request', async () => {
    const back = location(await get(authUrl(sb, { code_challenge: pkce().challenge })));
    expect(back.searchParams.get('error')).toBe('invalid_request');
  });

  it('unsupported method or malformed challenge → invalid_request', async () => {
    const a = location(await get(authUrl(sb, { code_challenge: pkce().challenge, code_challenge_method: 'S512' })));
    expect(a.searchParams.get('error')).toBe('invalid_request');
    const b = location(await get(authUrl(sb, { code_challenge: 'short', code_challenge_method: 'S256' })));
    expect(b.searchParams.get('error')).toBe('invalid_request');
  });

  it('accepts the docs spelling "Plain"', async () => {
    const res = await get(authUrl(sb, { code_challenge: pkce('plain').challenge, code_challenge_method: 'Plain' }));
    expect(res.status).toBe(200);
  });

  it('response_type other than code → unsupported_response_type redirect', async () => {
    const back = location(
      await get(authUrl(sb, { response_type: 'token', code_challenge: pkce().challenge, code_challenge_method: 'S256' })),
    );
    expect(back.searchParams.get('error')).toBe('unsupported_response_type');
  });

  it('app with PKCE off works without a challenge', async () => {
    const other = await start({ apps: [{ ...APP, pkce: false, redirectUris: [REDIRECT] }] });
    try {
      const back = await approveVia(other, authUrl(other, {}));
      expect(back.searchParams.get('code')).toMatch(TG_RE);
    } finally {
      await other.close();
    }
  });
});

describe('auto-approve and tamper_state', () => {
  it('auto-approve redirects at once with a code for that seller', async () => {
    sb.setAutoApprove('771203948');
    const res = await get(authUrl(sb, { state: 'auto', code_challenge: pkce().challenge, code_challenge_method: 'S256' }));
    expect(res.status).toBe(302);
    const back = location(res);
    expect(back.searchParams.get('code')).toMatch(/^TG-[0-9a-f]{24}-771203948$/);
    expect(back.searchParams.get('state')).toBe('auto');
  });

  it('auto-approve still validates (PKCE required)', async () => {
    sb.setAutoApprove(SELLER);
    const back = location(await get(authUrl(sb, {})));
    expect(back.searchParams.get('error')).toBe('invalid_request');
  });

  it('"deny" auto-answers access_denied', async () => {
    sb.setAutoApprove('deny');
    const back = location(
      await get(authUrl(sb, { state: 'd', code_challenge: pkce().challenge, code_challenge_method: 'S256' })),
    );
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('d');
  });

  it('setAutoApprove rejects unknown sellers', () => {
    expect(() => sb.setAutoApprove('42')).toThrow(/seller/);
  });

  it('tamper_state alters the state of the next code redirect only', async () => {
    sb.inject({ kind: 'tamper_state' });
    const url = (s: string) => authUrl(sb, { state: s, code_challenge: pkce().challenge, code_challenge_method: 'S256' });
    const first = await approveVia(sb, url('orig-1'));
    expect(first.searchParams.get('code')).toMatch(TG_RE);
    expect(first.searchParams.get('state')).not.toBe('orig-1');
    expect(first.searchParams.get('state')).toBeTruthy();
    const second = await approveVia(sb, url('orig-2'));
    expect(second.searchParams.get('state')).toBe('orig-2');
  });

  it('tamper_state also applies in auto-approve mode', async () => {
    sb.setAutoApprove(SELLER);
    sb.inject({ kind: 'tamper_state' });
    const back = location(
      await get(authUrl(sb, { state: 'orig', code_challenge: pkce().challenge, code_challenge_method: 'S256' })),
    );
    expect(back.searchParams.get('state')).not.toBe('orig');
    expect(sb.requests.at(-1)?.fault).toBe('tamper_state');
  });
});
