import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { DEFAULT_APPS, s256, startSandbox, type Sandbox, type SandboxApp, type SandboxOptions } from '../../../scripts/sandbox/server';

export const APP: SandboxApp = { ...DEFAULT_APPS[0]!, redirectUris: [] };
export const REDIRECT = 'https://mfpcnlbjhcbdobkaikncfnikkgmajdok.chromiumapp.org/';
export const SELLER = '318273645';
export const SELLER_B = '502918374';

export const ACCESS_RE = /^APP_USR-\d{10,16}-\d{6}-[0-9a-f]{32}-\d{6,12}$/;
export const TEST_ACCESS_RE = /^TEST-\d{10,16}-\d{6}-[0-9a-f]{32}-\d{6,12}$/;
export const TG_RE = /^TG-[0-9a-f]{24}-\d{6,12}$/;
export const PK_RE = /^APP_USR-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const TEST_PK_RE = /^TEST-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function start(opts: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ quiet: true, apps: [{ ...APP, redirectUris: [REDIRECT] }], ...opts });
}

/**
 * One sandbox per test file, reset before every test (no faults, consent page shown, real time).
 * Returns a getter, since the sandbox starts in `beforeAll`.
 */
export function sandboxPerFile(): () => Sandbox {
  let sb: Sandbox | undefined;
  beforeAll(async () => {
    sb = await start();
  });
  afterAll(() => sb?.close());
  beforeEach(() => {
    sb!.clearFaults();
    sb!.setAutoApprove(null);
    sb!.clock.offsetMs = 0;
  });
  return () => sb!;
}

export interface Pkce {
  verifier: string;
  challenge: string;
  method: 'S256' | 'plain';
}

export function pkce(method: 'S256' | 'plain' = 'S256'): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: method === 'S256' ? s256(verifier) : verifier, method };
}

export function authUrl(sb: Sandbox, params: Record<string, string | undefined>): string {
  const u = new URL('/authorization', sb.url);
  const defaults: Record<string, string> = {
    client_id: APP.clientId,
    response_type: 'code',
    platform_id: 'mp',
    state: 'st-' + randomBytes(6).toString('hex'),
    redirect_uri: REDIRECT,
  };
  for (const [k, v] of Object.entries({ ...defaults, ...params })) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

export function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { redirect: 'manual', headers });
}

export function location(res: Response): URL {
  const l = res.headers.get('location');
  if (!l) throw new Error(`no Location (status ${res.status})`);
  return new URL(l);
}

export function requestIdOf(html: string): string {
  const m = /name="request_id" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no request_id in consent page');
  return m[1];
}

export function decide(sb: Sandbox, fields: Record<string, string>): Promise<Response> {
  return fetch(`${sb.url}/authorization/decision`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Runs the consent page as a user would and returns the redirect back to the app. */
export async function approveVia(sb: Sandbox, url: string, userId = SELLER): Promise<URL> {
  const page = await get(url);
  if (page.status !== 200) throw new Error(`consent page status ${page.status}`);
  const res = await decide(sb, { request_id: requestIdOf(await page.text()), approve_as: userId });
  return location(res);
}

/** A fresh authorization code with PKCE for SELLER (or userId). */
export async function codeFor(sb: Sandbox, p: Pkce, userId = SELLER): Promise<string> {
  const back = await approveVia(
    sb,
    authUrl(sb, { code_challenge: p.challenge, code_challenge_method: p.method }),
    userId,
  );
  const code = back.searchParams.get('code');
  if (!code) throw new Error('no code');
  return code;
}

export function token(
  sb: Sandbox,
  fields: Record<string, string | boolean | number>,
  as: 'form' | 'json' = 'form',
): Promise<Response> {
  const body =
    as === 'json'
      ? JSON.stringify(fields)
      : new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();
  return fetch(`${sb.url}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': as === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
      accept: 'application/json',
    },
    body,
  });
}

export const creds = { client_id: APP.clientId, client_secret: APP.clientSecret };

/** Full flow → token response body. */
export async function linkSeller(
  sb: Sandbox,
  extra: Record<string, string | boolean> = {},
  userId = SELLER,
): Promise<Record<string, unknown>> {
  const p = pkce();
  const code = await codeFor(sb, p, userId);
  const res = await token(sb, {
    grant_type: 'authorization_code',
    ...creds,
    code,
    redirect_uri: REDIRECT,
    code_verifier: p.verifier,
    ...extra,
  });
  if (res.status !== 200) throw new Error(`token status ${res.status}`);
  return (await res.json()) as Record<string, unknown>;
}

export function control(sb: Sandbox, method: string, path: string, body?: unknown): Promise<Response> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  return fetch(`${sb.url}/__sandbox/${path}`, init);
}
