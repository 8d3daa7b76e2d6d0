import {
  ACCESS_TTL_S,
  CLIENT_CREDENTIALS_TTL_S,
  CODE_TTL_MS,
  PENDING_AUTH_TTL_MS,
  REFRESH_TTL_MS,
  SCOPE,
  SITE_COUNTRY,
  SITE_IDS,
} from './defaults';
import {
  newAccessToken,
  newGrantToken,
  newPublicKey,
  newRequestId,
  PKCE_VALUE,
  safeEqual,
  verifyPkce,
  type PkceMethod,
} from './tokens';
import {
  GRANT_TYPES,
  SandboxConfigError,
  type GrantType,
  type IssuedRegistry,
  type IssuedTokens,
  type SandboxApp,
  type SandboxClock,
  type SandboxSeller,
  type SiteId,
} from './types';

/** Real time plus an adjustable offset; every expiry in the sandbox reads this. */
export class Clock implements SandboxClock {
  offsetMs = 0;
  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new SandboxConfigError('invalid_clock', 'advance needs a finite number of ms');
    this.offsetMs += ms;
  }
  now(): number {
    return Date.now() + this.offsetMs;
  }
}

export interface PendingAuth {
  id: string;
  clientId: string;
  redirectUri: string;
  state: string | undefined;
  challenge: string | undefined;
  method: PkceMethod | undefined;
  createdAt: number;
}

interface CodeRecord {
  clientId: string;
  userId: string;
  redirectUri: string;
  challenge: string | undefined;
  method: PkceMethod | undefined;
  expiresAt: number;
  used: boolean;
}

interface Grant {
  id: number;
  clientId: string;
  userId: string;
  liveMode: boolean;
  publicKey: string;
  refreshToken: string;
  refreshExpiresAt: number;
  accessToken: string;
  accessExpiresAt: number;
  revoked: boolean;
}

interface AccessRecord {
  clientId: string;
  userId: string;
  expiresAt: number;
  liveMode: boolean;
  grantId?: number;
}

/** Mercado Pago's error body. `message` never echoes a submitted value. */
export interface ApiError {
  status: number;
  error: string;
  message: string;
}

export type TokenOutcome =
  | { ok: true; body: Record<string, unknown>; clientId: string; userId: string }
  | ({ ok: false; clientId?: string } & ApiError);

export interface Account {
  id: number;
  nickname: string;
  site_id: SiteId;
  email: string;
  first_name: string;
  last_name: string;
  country_id: string;
}

const DIGITS = /^\d{1,20}$/;
const SECRET = /^[A-Za-z0-9]{32}$/;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function err(status: number, error: string, message: string): ApiError & { ok: false } {
  return { ok: false, status, error, message };
}

function checkUri(uri: unknown): string {
  if (typeof uri !== 'string' || uri.length === 0 || uri.length > 2048) {
    throw new SandboxConfigError('invalid_app', 'redirect URI must be a non-empty string');
  }
  try {
    new URL(uri);
  } catch {
    throw new SandboxConfigError('invalid_app', 'redirect URI must be an absolute URL');
  }
  return uri;
}

/** Validates an app coming from code or JSON. Error messages never include the secret. */
export function validateApp(input: unknown): SandboxApp {
  if (!isObj(input)) throw new SandboxConfigError('invalid_app', 'app must be an object');
  const { name, clientId, clientSecret, appAccessToken, redirectUris, pkce, ownerUserId, grants } = input;
  if (typeof clientId !== 'string' || !DIGITS.test(clientId)) {
    throw new SandboxConfigError('invalid_app', 'clientId must be digits');
  }
  if (typeof clientSecret !== 'string' || !SECRET.test(clientSecret)) {
    throw new SandboxConfigError('invalid_app', 'clientSecret must be 32 letters/digits');
  }
  if (name !== undefined && typeof name !== 'string') throw new SandboxConfigError('invalid_app', 'name must be a string');
  if (appAccessToken !== undefined && (typeof appAccessToken !== 'string' || appAccessToken.length < 20)) {
    throw new SandboxConfigError('invalid_app', 'appAccessToken must be a token-shaped string');
  }
  if (redirectUris !== undefined && !Array.isArray(redirectUris)) {
    throw new SandboxConfigError('invalid_app', 'redirectUris must be an array');
  }
  if (pkce !== undefined && typeof pkce !== 'boolean') throw new SandboxConfigError('invalid_app', 'pkce must be boolean');
  if (ownerUserId !== undefined && (typeof ownerUserId !== 'string' || !DIGITS.test(ownerUserId))) {
    throw new SandboxConfigError('invalid_app', 'ownerUserId must be digits');
  }
  let grantList: GrantType[] | undefined;
  if (grants !== undefined) {
    if (!Array.isArray(grants) || !grants.every((g) => GRANT_TYPES.includes(g as GrantType))) {
      throw new SandboxConfigError('invalid_app', 'grants must list known grant types');
    }
    grantList = [...(grants as GrantType[])];
  }
  const app: SandboxApp = {
    name: typeof name === 'string' && name.length > 0 ? name : `App ${clientId}`,
    clientId,
    clientSecret,
    redirectUris: ((redirectUris as unknown[] | undefined) ?? []).map(checkUri),
    pkce: pkce ?? true,
    ownerUserId: (ownerUserId as string | undefined) ?? '100000001',
  };
  if (typeof appAccessToken === 'string') app.appAccessToken = appAccessToken;
  if (grantList) app.grants = grantList;
  return app;
}

export function validateSeller(input: unknown): SandboxSeller {
  if (!isObj(input)) throw new SandboxConfigError('invalid_seller', 'seller must be an object');
  const { userId, nickname, siteId, email, firstName, lastName } = input;
  if (typeof userId !== 'string' || !DIGITS.test(userId)) throw new SandboxConfigError('invalid_seller', 'userId must be digits');
  if (typeof nickname !== 'string' || nickname.length === 0) throw new SandboxConfigError('invalid_seller', 'nickname required');
  if (typeof siteId !== 'string' || !SITE_IDS.includes(siteId as SiteId)) {
    throw new SandboxConfigError('invalid_seller', 'siteId must be one of ' + SITE_IDS.join(', '));
  }
  if (typeof email !== 'string') throw new SandboxConfigError('invalid_seller', 'email required');
  const s: SandboxSeller = { userId, nickname, siteId: siteId as SiteId, email };
  if (typeof firstName === 'string') s.firstName = firstName;
  if (typeof lastName === 'string') s.lastName = lastName;
  return s;
}

const MAX_PENDING = 1000;

const SNAPSHOT_VERSION = 1;

/** The sandbox's state as written to disk by `startSandbox({ statePath })`. */
export interface SandboxSnapshot {
  version: typeof SNAPSHOT_VERSION;
  clockOffsetMs: number;
  apps: SandboxApp[];
  sellers: SandboxSeller[];
  codes: [string, CodeRecord][];
  grants: Grant[];
  access: [string, AccessRecord][];
  refresh: [string, { grantId: number; spent: boolean }][];
  publicKeys: [string, string][];
  clientTokens: [string, { accessToken: string; expiresAt: number; liveMode: boolean }][];
  codeCount: number;
}

/** All mutable sandbox state. One instance per running sandbox. */
export class SandboxStore {
  readonly clock = new Clock();
  readonly apps = new Map<string, SandboxApp>();
  readonly sellers = new Map<string, SandboxSeller>();
  autoApprove: string | null = null;

  private pending = new Map<string, PendingAuth>();
  private codes = new Map<string, CodeRecord>();
  private grants: Grant[] = [];
  private access = new Map<string, AccessRecord>();
  private refresh = new Map<string, { grantId: number; spent: boolean }>();
  private publicKeys = new Map<string, string>();
  private clientTokens = new Map<string, { accessToken: string; expiresAt: number; liveMode: boolean }>();
  private codeCount = 0;

  constructor(apps: readonly SandboxApp[], sellers: readonly SandboxSeller[]) {
    for (const a of apps) this.addApp(a);
    for (const s of sellers) {
      const seller = validateSeller(s);
      this.sellers.set(seller.userId, seller);
    }
  }

  // ---- configuration ----

  addApp(input: SandboxApp | unknown): SandboxApp {
    const app = validateApp(input);
    this.apps.set(app.clientId, app);
    return app;
  }

  updateApp(clientId: string, patch: Partial<Omit<SandboxApp, 'clientId'>>): SandboxApp {
    const cur = this.apps.get(clientId);
    if (!cur) throw new SandboxConfigError('unknown_app', 'no app with that client id');
    return this.addApp({ ...cur, ...patch, clientId });
  }

  addRedirectUri(clientId: string, uri: string): void {
    const cur = this.apps.get(clientId);
    if (!cur) throw new SandboxConfigError('unknown_app', 'no app with that client id');
    if (!cur.redirectUris.includes(uri)) this.updateApp(clientId, { redirectUris: [...cur.redirectUris, uri] });
  }

  setAutoApprove(userId: string | null): void {
    if (userId !== null && userId !== 'deny' && !this.sellers.has(userId)) {
      throw new SandboxConfigError('unknown_seller', 'autoApprove must be a known seller user id, "deny" or null');
    }
    this.autoApprove = userId;
  }

  // ---- authorization ----

  createPending(p: Omit<PendingAuth, 'id' | 'createdAt'>): PendingAuth {
    const now = this.clock.now();
    for (const [id, old] of this.pending) {
      if (now - old.createdAt > PENDING_AUTH_TTL_MS || this.pending.size >= MAX_PENDING) this.pending.delete(id);
      else break;
    }
    const rec: PendingAuth = { ...p, id: newRequestId(), createdAt: now };
    this.pending.set(rec.id, rec);
    return rec;
  }

  /** Single use: a decision consumes the pending request. */
  takePending(id: string): PendingAuth | undefined {
    const rec = this.pending.get(id);
    if (!rec) return undefined;
    this.pending.delete(id);
    if (this.clock.now() - rec.createdAt > PENDING_AUTH_TTL_MS) return undefined;
    return rec;
  }

  issueCode(p: Omit<PendingAuth, 'id' | 'createdAt' | 'state'>, userId: string): string {
    const code = newGrantToken(userId);
    this.codes.set(code, {
      clientId: p.clientId,
      userId,
      redirectUri: p.redirectUri,
      challenge: p.challenge,
      method: p.method,
      expiresAt: this.clock.now() + CODE_TTL_MS,
      used: false,
    });
    this.codeCount += 1;
    return code;
  }

  // ---- token endpoint ----

  private authenticate(f: Record<string, string>, grant: GrantType): { app: SandboxApp } | (ApiError & { ok: false }) {
    const clientId = f['client_id'];
    if (!clientId) return err(400, 'invalid_request', 'client_id is required');
    const app = this.apps.get(clientId);
    const secret = f['client_secret'];
    if (!app) return err(400, 'invalid_client', 'invalid client_id or client_secret');
    if (!secret) return err(400, 'invalid_client', 'client_secret is required in the request body');
    const okSecret =
      safeEqual(secret, app.clientSecret) || (app.appAccessToken !== undefined && safeEqual(secret, app.appAccessToken));
    if (!okSecret) return err(400, 'invalid_client', 'invalid client_id or client_secret');
    if (app.grants && !app.grants.includes(grant)) {
      return err(400, 'unauthorized_client', 'the application is not allowed to use this grant_type');
    }
    return { app };
  }

  private publicKeyFor(clientId: string, userId: string, liveMode: boolean): string {
    const k = `${clientId}:${userId}:${liveMode ? 'live' : 'test'}`;
    let pk = this.publicKeys.get(k);
    if (!pk) {
      pk = newPublicKey(liveMode);
      this.publicKeys.set(k, pk);
    }
    return pk;
  }

  private grantBody(g: Grant): Record<string, unknown> {
    return {
      access_token: g.accessToken,
      token_type: 'bearer',
      expires_in: ACCESS_TTL_S,
      scope: SCOPE,
      user_id: Number(g.userId),
      refresh_token: g.refreshToken,
      public_key: g.publicKey,
      live_mode: g.liveMode,
    };
  }

  private mintUserTokens(g: Omit<Grant, 'accessToken' | 'accessExpiresAt' | 'refreshToken' | 'refreshExpiresAt'>): Grant {
    const now = this.clock.now();
    const full: Grant = {
      ...g,
      accessToken: newAccessToken(g.clientId, g.userId, g.liveMode, now),
      accessExpiresAt: now + ACCESS_TTL_S * 1000,
      refreshToken: newGrantToken(g.userId),
      refreshExpiresAt: now + REFRESH_TTL_MS,
    };
    this.access.set(full.accessToken, {
      clientId: g.clientId,
      userId: g.userId,
      expiresAt: full.accessExpiresAt,
      liveMode: g.liveMode,
      grantId: g.id,
    });
    this.refresh.set(full.refreshToken, { grantId: g.id, spent: false });
    return full;
  }

  token(grant: string | undefined, f: Record<string, string>): TokenOutcome {
    if (!grant) return err(400, 'invalid_request', 'grant_type is required');
    if (!GRANT_TYPES.includes(grant as GrantType)) {
      return err(400, 'unsupported_grant_type', 'grant_type must be authorization_code, refresh_token or client_credentials');
    }
    const auth = this.authenticate(f, grant as GrantType);
    if ('ok' in auth) return auth;
    const { app } = auth;
    const withClient = (o: TokenOutcome): TokenOutcome => (o.ok ? o : { ...o, clientId: app.clientId });
    switch (grant as GrantType) {
      case 'authorization_code':
        return withClient(this.exchangeCode(app, f));
      case 'refresh_token':
        return withClient(this.refreshGrant(app, f));
      case 'client_credentials':
        return withClient(this.clientCredentials(app, f));
    }
  }

  private exchangeCode(app: SandboxApp, f: Record<string, string>): TokenOutcome {
    const code = f['code'];
    const redirectUri = f['redirect_uri'];
    if (!code) return err(400, 'invalid_request', 'code is required');
    if (!redirectUri) return err(400, 'invalid_request', 'redirect_uri is required');
    const rec = this.codes.get(code);
    const invalid = err(
      400,
      'invalid_grant',
      'invalid authorization code: it may be expired, already used, or issued to another client',
    );
    if (!rec || rec.clientId !== app.clientId) return invalid;
    if (rec.used) return err(400, 'invalid_grant', 'authorization code already used');
    if (this.clock.now() >= rec.expiresAt) {
      rec.used = true;
      return err(400, 'invalid_grant', 'authorization code expired');
    }
    if (rec.redirectUri !== redirectUri) {
      return err(400, 'invalid_grant', 'redirect_uri does not match the one used in the authorization request');
    }
    const verifier = f['code_verifier'];
    if (rec.challenge !== undefined && rec.method !== undefined) {
      if (!verifier) return err(400, 'invalid_request', 'code_verifier is required (PKCE)');
      if (!PKCE_VALUE.test(verifier)) {
        return err(400, 'invalid_request', 'code_verifier must be 43-128 characters of [A-Za-z0-9-._~]');
      }
      if (!verifyPkce(verifier, rec.challenge, rec.method)) {
        return err(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
      }
    }
    rec.used = true;
    const liveMode = (f['test_token'] ?? '').toLowerCase() !== 'true';
    const grant = this.mintUserTokens({
      id: this.grants.length + 1,
      clientId: app.clientId,
      userId: rec.userId,
      liveMode,
      publicKey: this.publicKeyFor(app.clientId, rec.userId, liveMode),
      revoked: false,
    });
    this.grants.push(grant);
    return { ok: true, body: this.grantBody(grant), clientId: app.clientId, userId: rec.userId };
  }

  private refreshGrant(app: SandboxApp, f: Record<string, string>): TokenOutcome {
    const rt = f['refresh_token'];
    if (!rt) return err(400, 'invalid_request', 'refresh_token is required');
    const rec = this.refresh.get(rt);
    const grant = rec ? this.grants[rec.grantId - 1] : undefined;
    if (!rec || !grant || grant.clientId !== app.clientId) {
      return err(400, 'invalid_grant', 'invalid refresh_token: unknown or issued to another client');
    }
    if (rec.spent) return err(400, 'invalid_grant', 'refresh_token already used; use the newest one');
    if (grant.revoked) return err(400, 'invalid_grant', 'the seller revoked this authorization');
    if (this.clock.now() >= grant.refreshExpiresAt) return err(400, 'invalid_grant', 'refresh_token expired');
    rec.spent = true;
    const next = this.mintUserTokens(grant);
    this.grants[grant.id - 1] = next;
    return { ok: true, body: this.grantBody(next), clientId: app.clientId, userId: grant.userId };
  }

  private clientCredentials(app: SandboxApp, f: Record<string, string>): TokenOutcome {
    const now = this.clock.now();
    const liveMode = (f['test_token'] ?? '').toLowerCase() !== 'true';
    const accessToken = newAccessToken(app.clientId, app.ownerUserId, liveMode, now);
    const expiresAt = now + CLIENT_CREDENTIALS_TTL_S * 1000;
    this.access.set(accessToken, { clientId: app.clientId, userId: app.ownerUserId, expiresAt, liveMode });
    this.clientTokens.set(app.clientId, { accessToken, expiresAt, liveMode });
    return {
      ok: true,
      clientId: app.clientId,
      userId: app.ownerUserId,
      body: {
        access_token: accessToken,
        token_type: 'bearer',
        expires_in: CLIENT_CREDENTIALS_TTL_S,
        scope: SCOPE,
        user_id: Number(app.ownerUserId),
        live_mode: liveMode,
      },
    };
  }

  // ---- resource server ----

  /** The access record if `token` is valid now (issued, unexpired, not revoked), or the app's own token. */
  resolveAccess(token: string): { userId: string; clientId: string; liveMode: boolean } | undefined {
    const rec = this.access.get(token);
    if (rec) {
      if (this.clock.now() >= rec.expiresAt) return undefined;
      if (rec.grantId !== undefined && this.grants[rec.grantId - 1]?.revoked) return undefined;
      return rec;
    }
    for (const app of this.apps.values()) {
      if (app.appAccessToken !== undefined && safeEqual(token, app.appAccessToken)) {
        return { userId: app.ownerUserId, clientId: app.clientId, liveMode: !app.appAccessToken.startsWith('TEST-') };
      }
    }
    return undefined;
  }

  account(userId: string): Account {
    const s = this.sellers.get(userId);
    if (s) {
      return {
        id: Number(s.userId),
        nickname: s.nickname,
        site_id: s.siteId,
        email: s.email,
        first_name: s.firstName ?? s.nickname,
        last_name: s.lastName ?? '',
        country_id: SITE_COUNTRY[s.siteId],
      };
    }
    return {
      id: Number(userId),
      nickname: `DEVSANDBOX${userId.slice(-4)}`,
      site_id: 'MLA',
      email: `dev_${userId}@testuser.com`,
      first_name: 'Sandbox',
      last_name: 'Developer',
      country_id: 'AR',
    };
  }

  siteOf(userId: string): SiteId {
    return this.sellers.get(userId)?.siteId ?? 'MLA';
  }

  revokeGrants(userId: string, clientId?: string): number {
    let n = 0;
    for (const g of this.grants) {
      if (g.userId === userId && (clientId === undefined || g.clientId === clientId) && !g.revoked) {
        g.revoked = true;
        n += 1;
      }
    }
    return n;
  }

  // ---- persistence (npm start keeps the sandbox's state next to its demo profile) ----

  /** Everything the sandbox remembers, as plain JSON (fake credentials only). */
  snapshot(): SandboxSnapshot {
    return {
      version: SNAPSHOT_VERSION,
      clockOffsetMs: this.clock.offsetMs,
      apps: [...this.apps.values()].map((a) => ({ ...a, redirectUris: [...a.redirectUris] })),
      sellers: [...this.sellers.values()].map((s) => ({ ...s })),
      codes: [...this.codes.entries()].map(([k, v]) => [k, { ...v }]),
      grants: this.grants.map((g) => ({ ...g })),
      access: [...this.access.entries()].map(([k, v]) => [k, { ...v }]),
      refresh: [...this.refresh.entries()].map(([k, v]) => [k, { ...v }]),
      publicKeys: [...this.publicKeys.entries()],
      clientTokens: [...this.clientTokens.entries()].map(([k, v]) => [k, { ...v }]),
      codeCount: this.codeCount,
    };
  }

  /** Replaces the state with a snapshot; throws `SandboxConfigError` when it is not one. */
  restore(input: unknown): void {
    if (!isObj(input) || input['version'] !== SNAPSHOT_VERSION) {
      throw new SandboxConfigError('invalid_state', 'not a sandbox state file of this version');
    }
    const snap = input as unknown as SandboxSnapshot;
    const arrays = ['apps', 'sellers', 'codes', 'grants', 'access', 'refresh', 'publicKeys', 'clientTokens'] as const;
    if (!arrays.every((k) => Array.isArray(snap[k])) || typeof snap.codeCount !== 'number') {
      throw new SandboxConfigError('invalid_state', 'the sandbox state file is incomplete');
    }
    this.apps.clear();
    for (const a of snap.apps) this.addApp(a);
    this.sellers.clear();
    for (const s of snap.sellers) {
      const seller = validateSeller(s);
      this.sellers.set(seller.userId, seller);
    }
    this.codes = new Map(snap.codes);
    this.grants = snap.grants.map((g) => ({ ...g }));
    this.access = new Map(snap.access);
    this.refresh = new Map(snap.refresh);
    this.publicKeys = new Map(snap.publicKeys);
    this.clientTokens = new Map(snap.clientTokens);
    this.codeCount = snap.codeCount;
    this.pending.clear();
    this.clock.offsetMs = typeof snap.clockOffsetMs === 'number' && Number.isFinite(snap.clockOffsetMs) ? snap.clockOffsetMs : 0;
  }

  // ---- test inspection ----

  readonly issued: IssuedRegistry = {
    currentTokens: (clientId: string, userId: string): IssuedTokens | undefined => {
      for (let i = this.grants.length - 1; i >= 0; i -= 1) {
        const g = this.grants[i];
        if (g && g.clientId === clientId && g.userId === userId && !g.revoked) {
          return {
            accessToken: g.accessToken,
            refreshToken: g.refreshToken,
            publicKey: g.publicKey,
            liveMode: g.liveMode,
            userId: g.userId,
            clientId: g.clientId,
            accessExpiresAt: g.accessExpiresAt,
            refreshExpiresAt: g.refreshExpiresAt,
          };
        }
      }
      return undefined;
    },
    clientCredentialsToken: (clientId: string) => {
      const t = this.clientTokens.get(clientId);
      return t ? { ...t } : undefined;
    },
    isAccessTokenValid: (token: string) => this.resolveAccess(token) !== undefined,
    codesIssued: () => this.codeCount,
  };
}
