/**
 * Types shared by the leak detection engine, its rules and its reports.
 * Pure data: no secret ever lives in a `Finding`.
 */

export type Severity = 'info' | 'warning' | 'critical';

/** Where in a request (or in free text) a credential was seen. */
export type Location = 'query' | 'fragment' | 'path' | 'referer' | 'authorization' | 'body' | 'location';

export type CredentialKind =
  | 'access_token'
  | 'public_key'
  | 'authorization_code'
  | 'refresh_token'
  | 'client_secret'
  | 'bearer_token';

/** What a finding reports: a credential, or that a limit left part of the input unscanned. */
export type FindingKind = CredentialKind | 'truncated';

/** Stable identifiers of the fix sentences, so a UI can show a localized text instead. */
export type FixId =
  | 'move_to_authorization_header'
  | 'strip_token_from_page_url'
  | 'move_call_to_backend'
  | 'keep_token_on_backend'
  | 'use_public_key'
  | 'scrub_from_text'
  | 'public_key_ok'
  | 'exchange_code_promptly'
  | 'strip_code_from_url'
  | 'keep_refresh_token_on_backend'
  | 'rotate_client_secret'
  | 'move_bearer_to_header'
  | 'review_bearer_in_body'
  | 'not_fully_scanned';

export interface Finding {
  /**
   * `truncated` (severity info, rule `scan-truncated`): the request or line exceeded a limit and
   * something past it that could hold a credential was not scanned; its `url` ends where the scan
   * stopped, `masked` is `…` and `fingerprint` the same for every such finding.
   */
  kind: FindingKind;
  /** Id of the rule that matched, e.g. `mp-access-token`. */
  rule: string;
  severity: Severity;
  location: Location;
  /**
   * Name of the parameter, body field or header that held the credential. Nested values are joined
   * with `>` from the outside in (`redirect_uri>access_token`). `null` when there is no name.
   */
  param: string | null;
  /** The URL the credential was found in (for free text: the text), with every detected secret masked. */
  url: string;
  /** The credential, masked for display: `APP_USR-1234…5678`. */
  masked: string;
  /** First 16 hex characters of SHA-256 of the raw credential (see `fingerprint`). */
  fingerprint: string;
  /** Mercado Pago user id carried by the credential (digits after its last dash), when it has one. */
  userId: string | null;
  /** What to do, in one English sentence. */
  fix: string;
  fixId: FixId;
}

export interface HttpHeaderLike {
  name: string;
  value?: string;
}

/** The parts of an HTTP request the engine looks at; shaped after the details of Chrome's webRequest events. */
export interface HttpRequestLike {
  url: string;
  method?: string;
  /** Origin of the page that made the request, when known (`https://shop.example`). */
  initiator?: string;
  requestHeaders?: HttpHeaderLike[];
  requestBody?: { formData?: Record<string, string[]>; raw?: string };
  responseHeaders?: HttpHeaderLike[];
}

export interface ScanOptions {
  /**
   * Extra hosts (`host` or `host:port`) to treat as Mercado Pago API hosts, e.g. `127.0.0.1:8787` for a
   * local sandbox. Always included: `api.mercadopago.com` and the `auth.mercadopago.*` hosts.
   */
  mercadoPagoHosts?: string[];
  /**
   * Where free text comes from, for the fix sentence of credentials that are not inside a URL.
   * Default `text` (logs, files): the fix says to scrub the text. `body` treats it as a request body.
   */
  textContext?: 'text' | 'body';
  /**
   * Findings of a lower severity come back without their displayed text: `url` is empty and
   * `masked` is an ellipsis; every other field (fingerprint, param, fix) is whole. For a caller
   * that only counts them (the `scan` command line below its `--report` level): masking and
   * redacting a line costs more than finding what is in it. Default `info`: every finding whole.
   */
  detailFrom?: Severity;
  /**
   * Which findings carry their fingerprint: `all` (default); `shown`, those at or above
   * `detailFrom`; `none`. The others have an empty `fingerprint` (the truncated finding keeps its
   * fixed one), which saves hashing each one: the `scan` command line needs fingerprints only to
   * print them (JSON, SARIF) or to match an ignore file or a baseline. Where the engine itself
   * tells findings apart by fingerprint (the windows of a long line), it computes them anyway.
   */
  fingerprints?: 'all' | 'shown' | 'none';
  /**
   * SHA-256 of the UTF-8 encoding of a string, as lower-case hex, for fingerprints: a native one
   * where the platform has it (the `scan` command line passes node:crypto's one-shot `hash`,
   * about twice as fast as the engine's own on short secrets). Default: the engine's own
   * (src/core/leaks/sha256.ts); both give the same fingerprints (a test compares them).
   */
  sha256Hex?: (s: string) => string;
}

/** A credential matched by a rule inside one (decoded) value. */
export interface RuleMatch {
  kind: CredentialKind;
  rule: string;
  /** The raw credential. Never leaves the engine. */
  secret: string;
  userId: string | null;
}

/** One credential rule: pure, synchronous, bounded. */
export interface Rule {
  id: string;
  kind: CredentialKind;
  /**
   * Matches inside `value`. `param` is the innermost name the value was found under (lower-cased as
   * written), or null.
   */
  detect(value: string, param: string | null): readonly RuleMatch[];
}
