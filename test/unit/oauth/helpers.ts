/** Fake fetch and fixtures for the OAuth unit tests. Not a test file itself. */

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** The raw body as sent (URLSearchParams for form requests, string for JSON). */
  body: unknown;
  /** The body's fields, whatever its encoding. */
  fields: Record<string, string>;
  contentType: string;
}

export type Responder = (req: RecordedRequest, index: number, signal: AbortSignal | undefined) => Response | Promise<Response>;

export function fakeFetch(responder: Responder | Response[]) {
  const requests: RecordedRequest[] = [];
  const fn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => {
      headers[k] = v;
    });
    const body = init?.body;
    let fields: Record<string, string> = {};
    if (body instanceof URLSearchParams) fields = Object.fromEntries(body);
    else if (typeof body === 'string') {
      try {
        fields = JSON.parse(body) as Record<string, string>;
      } catch {
        fields = Object.fromEntries(new URLSearchParams(body));
      }
    }
    const req: RecordedRequest = {
      url,
      method: init?.method ?? 'GET',
      headers,
      body,
      fields,
      contentType: headers['content-type'] ?? '',
    };
    const index = requests.length;
    requests.push(req);
    if (Array.isArray(responder)) {
      const r = responder[index];
      if (!r) throw new Error('unexpected extra request');
      return r;
    }
    return responder(req, index, init?.signal ?? undefined);
  };
  return { fetch: fn as typeof fetch, requests };
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

export const USER_ID = 241983636;
/** Fixture shaped like MP credentials but made up (not real credentials). */
export const ACCESS = `APP_USR-1111222233334444-010101-0123456789abcdef0123456789abcdef-${USER_ID}`;
export const TEST_ACCESS = `TEST-1111222233334444-010101-0123456789abcdef0123456789abcdef-${USER_ID}`;
export const REFRESH = `TG-0123456789abcdef01234567-${USER_ID}`;
export const REFRESH2 = `TG-fedcba9876543210fedcba98-${USER_ID}`;
export const PUBLIC_KEY = 'APP_USR-d0a26210-0000-0000-0000-479f0400869e';
export const CLIENT_ID = '1234567890123456';
export const CLIENT_SECRET = 'abcdefghijklmnopqrstuvwxyz012345';

export function codeResponse(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    access_token: ACCESS,
    token_type: 'bearer',
    expires_in: 15552000,
    scope: 'offline_access read write',
    user_id: USER_ID,
    refresh_token: REFRESH,
    public_key: PUBLIC_KEY,
    live_mode: true,
    ...overrides,
  };
}

/** A fetch that never answers until its signal aborts. */
export function hangingFetch() {
  return fakeFetch(
    (_req, _i, signal) =>
      new Promise<Response>((_resolve, reject) => {
        if (!signal) return;
        signal.addEventListener('abort', () => reject(signal.reason));
      }),
  );
}
