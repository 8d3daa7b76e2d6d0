import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_APPS, DEFAULT_SELLERS, SITE_CURRENCY } from './defaults';
import { FaultQueue, type FaultContext } from './faults';
import { consentPage, errorPage, indexPage } from './html';
import { SandboxStore, type ApiError, type PendingAuth } from './store';
import { parsePkceMethod, PKCE_VALUE, randomState, type PkceMethod } from './tokens';
import {
  GRANT_TYPES,
  SandboxConfigError,
  type Fault,
  type GrantType,
  type ConnectionMode,
  type RequestLogEntry,
  type Sandbox,
  type SandboxApp,
  type SandboxOptions,
  type SandboxSeller,
} from './types';

export * from './types';
export { DEFAULT_APPS, DEFAULT_SELLERS, DEFAULT_CLIENT_SECRET, DEFAULT_OWNER_USER_ID } from './defaults';
export { s256 } from './tokens';

const MAX_BODY = 64 * 1024;

/** A refused control-API call (wrong content type, bad JSON). */
class ControlError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'ControlError';
    this.status = status;
  }
}

const MAX_LOG = 2000;

const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };
const HTML_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

type BodyType = 'form' | 'json' | 'other' | 'none';

function bodyTypeOf(req: IncomingMessage, size: number): BodyType {
  const ct = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (ct === 'application/json' || ct.endsWith('+json')) return 'json';
  if (ct === 'application/x-www-form-urlencoded') return 'form';
  if (ct === '' && size === 0) return 'none';
  return 'other';
}

/** Reads the body; null when it exceeds MAX_BODY. */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Flattens a form or JSON body into string fields (numbers and booleans become strings). */
function parseFields(body: Buffer, type: BodyType): Record<string, string> | null {
  const out: Record<string, string> = {};
  const text = body.toString('utf8');
  if (type === 'json') {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return null;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
    for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
      if (typeof val === 'string') out[k] = val;
      else if (typeof val === 'number' || typeof val === 'boolean') out[k] = String(val);
    }
    return out;
  }
  if (type === 'form') {
    for (const [k, val] of new URLSearchParams(text)) if (!(k in out)) out[k] = val;
  }
  return out;
}

/** Query parameter names that are safe to record (a bare token used as a name is not). */
function safeQueryKeys(url: URL): string[] {
  const keys = new Set<string>();
  for (const k of url.searchParams.keys()) keys.add(/^[A-Za-z_][A-Za-z0-9_]{0,23}$/.test(k) ? k : '(other)');
  return [...keys];
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function bearerOf(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}

function isGrant(g: string | undefined): g is GrantType {
  return g !== undefined && GRANT_TYPES.includes(g as GrantType);
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const store = new SandboxStore(
    (opts.apps ?? DEFAULT_APPS).map((a) => ({ ...a, redirectUris: [...a.redirectUris] })),
    (opts.sellers ?? DEFAULT_SELLERS).map((s) => ({ ...s })),
  );
  if (opts.statePath && existsSync(opts.statePath)) {
    store.restore(JSON.parse(readFileSync(opts.statePath, 'utf8')) as unknown);
  }
  if (opts.autoApprove !== undefined) store.setAutoApprove(opts.autoApprove);
  /** Writes the state file (atomically: a temporary file, then rename). */
  const persist = (): void => {
    if (!opts.statePath) return;
    mkdirSync(dirname(opts.statePath), { recursive: true });
    const tmp = `${opts.statePath}.tmp`;
    writeFileSync(tmp, JSON.stringify(store.snapshot()), { mode: 0o600 });
    renameSync(tmp, opts.statePath);
  };
  let connections: ConnectionMode = opts.connections ?? { keepAliveMs: 5000 };
  /** Sockets that already carried a request (for `reusedConnection` in the log). */
  const usedSockets = new WeakSet<Socket>();
  const faults = new FaultQueue();
  const requests: RequestLogEntry[] = [];
  const quiet = opts.quiet ?? false;
  const host = opts.host ?? '127.0.0.1';
  let baseUrl = '';

  function record(entry: RequestLogEntry): void {
    requests.push(entry);
    if (requests.length > MAX_LOG) requests.splice(0, requests.length - MAX_LOG);
    if (!quiet) {
      const g = entry.grantType ? ` (${entry.grantType})` : '';
      const f = entry.fault ? ` [fault: ${entry.fault}]` : '';
      const e = entry.error ? ` ${entry.error}` : '';
      console.log(`[sandbox] ${entry.method} ${entry.path}${g} -> ${entry.status || 'dropped'}${e}${f}`);
    }
  }

  // ---- response helpers ----

  function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { ...JSON_HEADERS, ...headers });
    res.end(JSON.stringify(body));
  }

  function sendApiError(res: ServerResponse, entry: RequestLogEntry, e: ApiError, headers: Record<string, string> = {}): void {
    entry.error = e.error;
    sendJson(res, e.status, { message: e.message, error: e.error, status: e.status, cause: [] }, headers);
  }

  function sendHtml(res: ServerResponse, status: number, html: string): void {
    res.writeHead(status, HTML_HEADERS);
    res.end(html);
  }

  function drop(req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry): void {
    entry.status = 0;
    res.socket?.destroy();
    req.socket.destroy();
  }

  function redirect(res: ServerResponse, base: string, params: Record<string, string | undefined>): void {
    const u = new URL(base);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
    res.writeHead(302, { Location: u.toString(), 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    res.end();
  }

  /** Applies latency and the first terminal pre-processing fault; true when the response is already settled. */
  async function preFaults(
    req: IncomingMessage,
    res: ServerResponse,
    entry: RequestLogEntry,
    ctx: FaultContext,
  ): Promise<boolean> {
    const delay = faults.takeLatency(ctx);
    if (delay > 0) {
      entry.fault = 'latency';
      await sleep(delay);
    }
    const f = faults.take(['json_only', 'drop', 'status', 'rate_limit', 'malformed_json'] as const, ctx);
    if (!f) return false;
    entry.fault = f.kind;
    switch (f.kind) {
      case 'drop':
        drop(req, res, entry);
        return true;
      case 'json_only':
        sendApiError(res, entry, {
          status: 415,
          error: 'unsupported_media_type',
          message: 'Content-Type application/x-www-form-urlencoded is not supported; send application/json',
        });
        return true;
      case 'rate_limit':
        sendApiError(
          res,
          entry,
          { status: 429, error: 'local_rate_limited', message: 'Too many requests' },
          { 'Retry-After': String(f.retryAfter) },
        );
        return true;
      case 'malformed_json':
        res.writeHead(200, JSON_HEADERS);
        res.end('{"token_type":"bearer","expires_in":155');
        return true;
      case 'status':
        if (f.status === 500) {
          sendApiError(res, entry, { status: 500, error: 'internal_error', message: 'Internal server error' });
        } else {
          // Gateways answer with HTML, not with Mercado Pago's JSON.
          entry.error = f.status === 502 ? 'bad_gateway' : 'service_unavailable';
          const title = f.status === 502 ? '502 Bad Gateway' : '503 Service Temporarily Unavailable';
          res.writeHead(f.status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
          res.end(`<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`);
        }
        return true;
    }
  }

  // ---- /authorization ----

  function issueRedirect(res: ServerResponse, entry: RequestLogEntry, p: PendingAuth, userId: string): void {
    const code = store.issueCode(p, userId);
    let state = p.state;
    if (faults.take(['tamper_state'] as const, { path: entry.path })) {
      entry.fault = 'tamper_state';
      do state = randomState();
      while (state === p.state);
    }
    entry.clientId = p.clientId;
    entry.userId = userId;
    redirect(res, p.redirectUri, { code, state });
  }

  function denyRedirect(res: ServerResponse, entry: RequestLogEntry, p: PendingAuth): void {
    entry.error = 'access_denied';
    entry.clientId = p.clientId;
    redirect(res, p.redirectUri, {
      error: 'access_denied',
      error_description: 'The seller denied access to the application',
      state: p.state,
    });
  }

  function handleAuthorize(res: ServerResponse, url: URL, entry: RequestLogEntry): void {
    const q = url.searchParams;
    const clientId = q.get('client_id') ?? '';
    const app = store.apps.get(clientId);
    if (!app) {
      entry.error = 'invalid_client';
      sendHtml(res, 400, errorPage('Unknown application', 'The client_id does not belong to any application.'));
      return;
    }
    entry.clientId = app.clientId;
    const redirectUri = q.get('redirect_uri');
    if (!redirectUri || !app.redirectUris.includes(redirectUri)) {
      entry.error = 'redirect_uri_mismatch';
      sendHtml(
        res,
        400,
        errorPage(
          'Invalid redirect URL',
          redirectUri
            ? 'The redirect_uri does not exactly match any Redirect URL configured for this application.'
            : 'The redirect_uri parameter is missing.',
        ),
      );
      return;
    }
    const state = q.get('state') ?? undefined;
    const fail = (error: string, description: string): void => {
      entry.error = error;
      redirect(res, redirectUri, { error, error_description: description, state });
    };
    const responseType = q.get('response_type');
    if (!responseType) return fail('invalid_request', 'response_type is required');
    if (responseType !== 'code') return fail('unsupported_response_type', 'only response_type=code is supported');

    const challenge = q.get('code_challenge') || undefined;
    const methodRaw = q.get('code_challenge_method') || undefined;
    let method: PkceMethod | undefined;
    if (challenge === undefined) {
      if (app.pkce) return fail('invalid_request', 'code_challenge required (PKCE is enabled for this application)');
    } else {
      if (methodRaw === undefined) {
        if (app.pkce) {
          return fail('invalid_request', 'code_challenge_method required (PKCE is enabled for this application)');
        }
        method = 'plain'; // RFC 7636 §4.3 default
      } else {
        const m = parsePkceMethod(methodRaw);
        if (!m) return fail('invalid_request', 'transform algorithm not supported; use S256 or plain');
        method = m;
      }
      if (!PKCE_VALUE.test(challenge)) {
        return fail('invalid_request', 'code_challenge must be 43-128 characters of [A-Za-z0-9-._~]');
      }
    }

    const pending = store.createPending({ clientId: app.clientId, redirectUri, state, challenge, method });
    if (store.autoApprove === 'deny') {
      store.takePending(pending.id);
      return denyRedirect(res, entry, pending);
    }
    if (store.autoApprove !== null) {
      store.takePending(pending.id);
      return issueRedirect(res, entry, pending, store.autoApprove);
    }
    sendHtml(res, 200, consentPage({ requestId: pending.id, app, redirectUri, sellers: [...store.sellers.values()] }));
  }

  function handleDecision(res: ServerResponse, fields: Record<string, string>, entry: RequestLogEntry): void {
    const id = fields['request_id'] ?? '';
    const p = id ? store.takePending(id) : undefined;
    if (!p) {
      entry.error = 'invalid_request';
      sendHtml(res, 400, errorPage('Request expired', 'This authorization request has expired or was already answered.'));
      return;
    }
    if (fields['deny'] !== undefined) return denyRedirect(res, entry, p);
    const userId = fields['approve_as'] ?? '';
    if (!store.sellers.has(userId)) {
      entry.error = 'invalid_request';
      sendHtml(res, 400, errorPage('Unknown seller', 'Pick one of the listed test sellers.'));
      return;
    }
    issueRedirect(res, entry, p, userId);
  }

  // ---- resource endpoints ----

  const unauthorized = (message: string): ApiError => ({ status: 401, error: 'unauthorized', message });
  const wwwAuth = { 'WWW-Authenticate': 'Bearer realm="sandbox", error="invalid_token"' };

  function handleUsersMe(req: IncomingMessage, res: ServerResponse, url: URL, entry: RequestLogEntry): void {
    const bearer = bearerOf(req);
    entry.bearer = bearer !== undefined;
    if (url.searchParams.has('access_token')) {
      entry.tokenInQuery = true;
      return sendApiError(
        res,
        entry,
        unauthorized('access_token in the query string is not accepted; send Authorization: Bearer'),
        wwwAuth,
      );
    }
    const rec = bearer ? store.resolveAccess(bearer) : undefined;
    if (!rec) return sendApiError(res, entry, unauthorized('invalid_token'), wwwAuth);
    entry.userId = rec.userId;
    entry.clientId = rec.clientId;
    sendJson(res, 200, store.account(rec.userId));
  }

  function handlePayments(req: IncomingMessage, res: ServerResponse, url: URL, entry: RequestLogEntry): void {
    const bearer = bearerOf(req);
    entry.bearer = bearer !== undefined;
    const queryToken = url.searchParams.get('access_token') ?? undefined;
    if (queryToken !== undefined) entry.tokenInQuery = true;
    const token = bearer ?? queryToken;
    const rec = token ? store.resolveAccess(token) : undefined;
    if (!rec) return sendApiError(res, entry, unauthorized('invalid_token'), wwwAuth);
    entry.userId = rec.userId;
    entry.clientId = rec.clientId;
    const currency = SITE_CURRENCY[store.siteOf(rec.userId)];
    const now = store.clock.now();
    const results = [1, 2, 3].map((i) => ({
      id: Number(`${1300000000 + (Number(rec.userId.slice(-5)) % 100000) * 10 + i}`),
      status: i === 2 ? 'pending' : 'approved',
      status_detail: i === 2 ? 'pending_waiting_payment' : 'accredited',
      date_created: new Date(now - i * 86_400_000).toISOString(),
      transaction_amount: 1000 * i + 99.9,
      currency_id: currency,
      description: `Sandbox order #${i}`,
      payment_method_id: i === 3 ? 'pix' : 'visa',
      collector_id: Number(rec.userId),
      live_mode: rec.liveMode,
    }));
    sendJson(res, 200, { paging: { total: results.length, limit: 30, offset: 0 }, results });
  }

  // ---- token endpoint ----

  async function handleToken(req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry): Promise<void> {
    const body = await readBody(req);
    if (body === null) {
      return sendApiError(res, entry, { status: 413, error: 'invalid_request', message: 'request body too large' });
    }
    const type = bodyTypeOf(req, body.length);
    entry.bodyType = type;
    const fields = parseFields(body, type);
    const rawGrant = fields?.['grant_type'];
    const grant = isGrant(rawGrant) ? rawGrant : undefined;
    if (rawGrant !== undefined) entry.grantType = grant ?? 'unknown';
    const ctx: FaultContext = { path: entry.path, formBody: type !== 'json' };
    if (grant) ctx.grant = grant;
    if (await preFaults(req, res, entry, ctx)) return;

    if (fields === null) {
      return sendApiError(res, entry, { status: 400, error: 'invalid_request', message: 'malformed JSON body' });
    }
    if (type === 'other') {
      return sendApiError(res, entry, {
        status: 400,
        error: 'invalid_request',
        message: 'send application/x-www-form-urlencoded or application/json',
      });
    }
    const out = store.token(rawGrant, fields);
    if (out.clientId) entry.clientId = out.clientId;
    if (!out.ok) return sendApiError(res, entry, out);
    entry.userId = out.userId;
    if (grant === 'refresh_token' && faults.take(['drop_after_rotate'] as const, ctx)) {
      entry.fault = 'drop_after_rotate';
      return drop(req, res, entry);
    }
    sendJson(res, 200, out.body, { Pragma: 'no-cache' });
  }

  // ---- control API ----

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const ct = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    const body = await readBody(req);
    if (ct !== 'application/json') throw new ControlError(415, 'control API needs Content-Type: application/json');
    if (body === null) throw new ControlError(413, 'body too large');
    try {
      return body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      throw new ControlError(400, 'malformed JSON');
    }
  }

  function field(o: unknown, k: string): unknown {
    return typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined;
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /__sandbox/requests':
        return sendJson(res, 200, requests);
      case 'DELETE /__sandbox/requests':
        requests.length = 0;
        return sendJson(res, 200, { ok: true });
      case 'GET /__sandbox/faults':
        return sendJson(res, 200, faults.list());
      case 'POST /__sandbox/faults': {
        const body = await readJson(req);
        for (const f of Array.isArray(body) ? body : [body]) faults.add(f);
        return sendJson(res, 201, faults.list());
      }
      case 'DELETE /__sandbox/faults':
        faults.clear();
        return sendJson(res, 200, []);
      case 'GET /__sandbox/clock':
        return sendJson(res, 200, { now: store.clock.now(), offsetMs: store.clock.offsetMs });
      case 'POST /__sandbox/clock': {
        const body = await readJson(req);
        const adv = field(body, 'advanceMs');
        const off = field(body, 'offsetMs');
        if (typeof adv === 'number' && Number.isFinite(adv)) store.clock.advance(adv);
        else if (typeof off === 'number' && Number.isFinite(off)) store.clock.offsetMs = off;
        else throw new SandboxConfigError('invalid_clock', 'send {advanceMs} or {offsetMs}');
        return sendJson(res, 200, { now: store.clock.now(), offsetMs: store.clock.offsetMs });
      }
      case 'POST /__sandbox/auto-approve': {
        const body = await readJson(req);
        const u = field(body, 'userId');
        if (u !== null && typeof u !== 'string') throw new SandboxConfigError('unknown_seller', 'userId must be a string or null');
        store.setAutoApprove(u);
        return sendJson(res, 200, { autoApprove: store.autoApprove });
      }
      case 'GET /__sandbox/apps':
        return sendJson(res, 200, [...store.apps.values()]);
      case 'POST /__sandbox/apps': {
        const app = store.addApp(await readJson(req));
        return sendJson(res, 201, { clientId: app.clientId, redirectUris: app.redirectUris, pkce: app.pkce });
      }
      case 'POST /__sandbox/redirect-uris': {
        const body = await readJson(req);
        const clientId = field(body, 'clientId');
        const uri = field(body, 'uri');
        if (typeof clientId !== 'string' || typeof uri !== 'string') {
          throw new SandboxConfigError('invalid_app', 'send {clientId, uri}');
        }
        store.addRedirectUri(clientId, uri);
        return sendJson(res, 200, { clientId, redirectUris: store.apps.get(clientId)?.redirectUris ?? [] });
      }
      case 'POST /__sandbox/revoke': {
        const body = await readJson(req);
        const userId = field(body, 'userId');
        const clientId = field(body, 'clientId');
        if (typeof userId !== 'string' || (clientId !== undefined && typeof clientId !== 'string')) {
          throw new SandboxConfigError('unknown_seller', 'send {userId, clientId?}');
        }
        return sendJson(res, 200, { revoked: store.revokeGrants(userId, clientId) });
      }
      case 'GET /__sandbox/tokens': {
        // Test hook for out-of-process harnesses: the current fake tokens of a seller+app.
        const t = store.issued.currentTokens(url.searchParams.get('clientId') ?? '', url.searchParams.get('userId') ?? '');
        return t ? sendJson(res, 200, t) : sendJson(res, 404, { error: 'not_found' });
      }
      default:
        return sendJson(res, 404, { error: 'not_found', message: 'unknown control route' });
    }
  }

  // ---- dispatcher ----

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const path = url.pathname;
    const method = req.method ?? 'GET';

    if (path.startsWith('/__sandbox/')) {
      await handleControl(req, res, url);
      if (method !== 'GET') persist();
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    // Like api.mercadopago.com, the resource API answers browsers' CORS preflights, so a web page
    // can (wrongly) call it with a private token in an Authorization header.
    if (method === 'OPTIONS' && (path === '/users/me' || path.startsWith('/v1/'))) {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
        'access-control-allow-headers': 'authorization, content-type, x-idempotency-key',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    if (path === '/users/me' || path.startsWith('/v1/')) res.setHeader('access-control-allow-origin', '*');

    const entry: RequestLogEntry = { method, path, queryKeys: safeQueryKeys(url), status: 0, at: store.clock.now() };
    entry.reusedConnection = usedSockets.has(req.socket);
    usedSockets.add(req.socket);
    if (connections === 'close') res.setHeader('Connection', 'close');
    let logged = false;
    const log = (): void => {
      if (logged) return;
      logged = true;
      entry.status = res.headersSent ? res.statusCode : 0;
      record(entry);
    };
    res.on('finish', log);
    res.on('close', log);

    const notAllowed = (allow: string): void =>
      sendApiError(res, entry, { status: 405, error: 'method_not_allowed', message: `use ${allow}` }, { Allow: allow });

    const route = async (): Promise<void> => {
      switch (path) {
        case '/oauth/token':
          if (method !== 'POST') return notAllowed('POST');
          return handleToken(req, res, entry);
        case '/authorization/decision': {
          if (method !== 'POST') return notAllowed('POST');
          const body = await readBody(req);
          if (await preFaults(req, res, entry, { path })) return;
          const fields: Record<string, string> = {};
          for (const [k, v] of new URLSearchParams(body?.toString('utf8') ?? '')) fields[k] ??= v;
          return handleDecision(res, fields, entry);
        }
        default:
          break;
      }

      if (method !== 'GET' && method !== 'HEAD') return notAllowed('GET');
      if (await preFaults(req, res, entry, { path })) return;
      switch (path) {
        case '/':
          return sendHtml(
            res,
            200,
            indexPage({
              url: baseUrl,
              apps: [...store.apps.values()],
              sellers: [...store.sellers.values()],
              faults: faults.list(),
              autoApprove: store.autoApprove,
              clockOffsetMs: store.clock.offsetMs,
            }),
          );
        case '/healthz':
          return sendJson(res, 200, { ok: true, now: store.clock.now() });
        case '/authorization':
          return handleAuthorize(res, url, entry);
        case '/users/me':
          return handleUsersMe(req, res, url, entry);
        case '/v1/payments':
        case '/v1/payments/search':
          return handlePayments(req, res, url, entry);
        default:
          return sendApiError(res, entry, { status: 404, error: 'not_found', message: 'resource not found' });
      }
    };
    await route();
    if (path === '/oauth/token' || path.startsWith('/authorization')) persist();
    // Record synchronously once the response is written (or the socket dropped), so a client that
    // reads sb.requests right after its response sees the entry.
    if (res.writableEnded || res.destroyed) log();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (e instanceof ControlError) return sendJson(res, e.status, { error: 'control_error', message: e.message });
      if (e instanceof SandboxConfigError) return sendJson(res, 400, { error: e.code, message: e.message });
      if (!quiet) console.error('[sandbox] internal error:', e instanceof Error ? e.name : 'unknown');
      sendJson(res, 500, { message: 'Internal server error', error: 'internal_error', status: 500, cause: [] });
    });
  });

  const applyConnections = (mode: ConnectionMode): void => {
    connections = mode;
    if (mode !== 'close') server.keepAliveTimeout = mode.keepAliveMs;
  };
  applyConnections(connections);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  baseUrl = `http://${urlHost}:${port}`;

  let closing: Promise<void> | undefined;
  const sandbox: Sandbox = {
    url: baseUrl,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
    addApp: (app: SandboxApp) => {
      store.addApp(app);
      persist();
    },
    updateApp: (clientId, patch) => {
      store.updateApp(clientId, patch);
      persist();
    },
    addRedirectUri: (clientId, uri) => {
      store.addRedirectUri(clientId, uri);
      persist();
    },
    get apps() {
      return [...store.apps.values()].map((a) => ({ ...a, redirectUris: [...a.redirectUris] }));
    },
    get sellers(): SandboxSeller[] {
      return [...store.sellers.values()].map((s) => ({ ...s }));
    },
    setAutoApprove: (userId) => store.setAutoApprove(userId),
    clock: store.clock,
    inject: (fault: Fault) => void faults.add(fault),
    clearFaults: () => faults.clear(),
    get faults() {
      return faults.list();
    },
    requests,
    tokenRequests: (grantType?: GrantType) =>
      requests.filter((r) => r.path === '/oauth/token' && (grantType === undefined || r.grantType === grantType)),
    setConnections: (mode) => applyConnections(mode),
    revokeGrants: (userId, clientId) => {
      store.revokeGrants(userId, clientId);
      persist();
    },
    issued: store.issued,
    currentTokens: (clientId, userId) => store.issued.currentTokens(clientId, userId),
  };
  return sandbox;
}
