/**
 * Public types of the local Mercado Pago sandbox.
 * Everything here is plain data so it can also travel over the HTTP control API.
 */

export type SiteId = 'MLA' | 'MLB' | 'MLC' | 'MLM' | 'MLU' | 'MCO' | 'MPE';

export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';

export const GRANT_TYPES: readonly GrantType[] = ['authorization_code', 'refresh_token', 'client_credentials'];

export interface SandboxApp {
  name: string;
  /** Application number: digits only. */
  clientId: string;
  /** 32 letters/digits. */
  clientSecret: string;
  /** Older docs send the application's access token as client_secret: it is accepted too. */
  appAccessToken?: string;
  /** Exact-match list of redirect URLs. */
  redirectUris: string[];
  /** When true, code_challenge + code_challenge_method are mandatory at /authorization. */
  pkce: boolean;
  /** User id of the account that owns the application (client_credentials tokens act for it). */
  ownerUserId: string;
  /** Grant types the application may use; default: all three. Others → unauthorized_client. */
  grants?: GrantType[];
}

export interface SandboxSeller {
  userId: string;
  nickname: string;
  siteId: SiteId;
  email: string;
  firstName?: string;
  lastName?: string;
}

export interface SandboxOptions {
  /** 0 = random free port (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: DEFAULT_APPS (deep-copied). */
  apps?: SandboxApp[];
  /** Default: DEFAULT_SELLERS (deep-copied). */
  sellers?: SandboxSeller[];
  /**
   * Seller user id to approve as without showing the consent page; null/undefined = show the page.
   * The special value 'deny' answers every valid authorization request with access_denied.
   */
  autoApprove?: string | null;
  /** No console output per request. Default false. */
  quiet?: boolean;
  /**
   * Keep the sandbox's state (apps, sellers, codes, grants, tokens, clock offset) in this JSON file:
   * read at start when it exists, written after every request that can change it. `npm start`
   * keeps it next to the demo profile, so linked sellers survive a restart of the demo.
   */
  statePath?: string;
  /** How idle client connections are treated; see `ConnectionMode`. Default `{ keepAliveMs: 5000 }`. */
  connections?: ConnectionMode;
}

/**
 * - `{ keepAliveMs }`: HTTP/1.1 keep-alive; an idle connection stays open this long (like a real
 *   front end, which keeps them for minutes), so the browser reuses it for the next request.
 * - `'close'`: every answer carries `Connection: close`; each request arrives on a fresh connection
 *   (a server that does not keep connections alive, or a browser whose idle ones timed out).
 */
export type ConnectionMode = { keepAliveMs: number } | 'close';

interface FaultFilter {
  /** How many matching requests this fault applies to (default 1); 'always' = until cleared. */
  times?: number | 'always';
  /** Only token requests with this grant_type. */
  grant?: GrantType;
  /** Only requests to this exact path (e.g. '/users/me', '/authorization'). */
  path?: string;
}

export type Fault = FaultFilter &
  (
    | { kind: 'latency'; ms: number }
    | { kind: 'status'; status: 500 | 502 | 503 }
    | { kind: 'rate_limit'; retryAfter: number }
    | { kind: 'malformed_json' }
    | { kind: 'drop_after_rotate' }
    | { kind: 'drop' }
    | { kind: 'tamper_state' }
    | { kind: 'json_only' }
  );

export type FaultKind = Fault['kind'];

/** A queued fault as reported back (remaining = how many more requests it will hit). */
export type ActiveFault = Fault & { remaining: number | 'always' };

export interface RequestLogEntry {
  method: string;
  /** Path only: the query string is never recorded. */
  path: string;
  /** Names (never values) of the query parameters. */
  queryKeys: string[];
  /** grant_type of a token request (only the known values; anything else is 'unknown'). */
  grantType?: GrantType | 'unknown';
  /** Body encoding of a token request. */
  bodyType?: 'form' | 'json' | 'other' | 'none';
  /** HTTP status sent; 0 when the connection was dropped without a response. */
  status: number;
  /** Sandbox clock (ms) when the request arrived. */
  at: number;
  /** Error key of an error response (invalid_grant, local_rate_limited, ...). */
  error?: string;
  /** The request arrived on a connection that had already carried an earlier request. */
  reusedConnection?: boolean;
  /** The fault that shaped this response, if any. */
  fault?: FaultKind;
  /** An access_token was sent in the query string. */
  tokenInQuery?: boolean;
  /** Authorization: Bearer header was present. */
  bearer?: boolean;
  clientId?: string;
  userId?: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  publicKey: string;
  liveMode: boolean;
  userId: string;
  clientId: string;
  /** Sandbox-clock ms. */
  accessExpiresAt: number;
  refreshExpiresAt: number;
}

export interface IssuedRegistry {
  /** Currently valid tokens of the newest live grant of this seller for this app (undefined if none). */
  currentTokens(clientId: string, userId: string): IssuedTokens | undefined;
  /** Newest client_credentials access token of the app, if any. */
  clientCredentialsToken(clientId: string): { accessToken: string; expiresAt: number; liveMode: boolean } | undefined;
  /** Whether /users/me would accept this access token right now. */
  isAccessTokenValid(token: string): boolean;
  /** Number of authorization codes issued so far. */
  codesIssued(): number;
}

export interface SandboxClock {
  /** Added to real time. May be set directly. */
  offsetMs: number;
  advance(ms: number): void;
  now(): number;
}

export interface Sandbox {
  /** http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
  addApp(app: SandboxApp): void;
  updateApp(clientId: string, patch: Partial<Omit<SandboxApp, 'clientId'>>): void;
  addRedirectUri(clientId: string, uri: string): void;
  readonly apps: readonly SandboxApp[];
  readonly sellers: readonly SandboxSeller[];
  setAutoApprove(userId: string | null): void;
  clock: SandboxClock;
  inject(fault: Fault): void;
  clearFaults(): void;
  readonly faults: readonly ActiveFault[];
  /** Request log (bounded to the last 2000 entries); never contains secrets. */
  readonly requests: RequestLogEntry[];
  tokenRequests(grantType?: GrantType): RequestLogEntry[];
  /** Switches how connections are kept (applies to answers from now on). */
  setConnections(mode: ConnectionMode): void;
  /** Seller deauthorizes the app(s): refresh → invalid_grant, access tokens → 401. */
  revokeGrants(userId: string, clientId?: string): void;
  issued: IssuedRegistry;
  /** Shortcut for issued.currentTokens. */
  currentTokens(clientId: string, userId: string): IssuedTokens | undefined;
}

export class SandboxConfigError extends Error {
  readonly code: 'invalid_app' | 'invalid_seller' | 'invalid_fault' | 'unknown_app' | 'unknown_seller' | 'invalid_clock' | 'invalid_state';
  constructor(code: SandboxConfigError['code'], message: string) {
    super(message);
    this.name = 'SandboxConfigError';
    this.code = code;
  }
}
