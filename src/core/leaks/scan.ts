/**
 * The engine: locate values in a request (or a line of text), normalize them, run the rules, judge
 * severity by kind × location, and build findings that never hold a raw secret.
 */
import { ELLIPSIS, maskSecret } from '../mask';
import { firstHintIndex, firstHintIndexFrom, firstRawHintIndex, isWeakHintAt, quickGate } from './gate';
import {
  FINGERPRINT_HEX_CHARS,
  MAX_FINDINGS,
  MAX_HITS,
  MAX_JSON_CHARS,
  MAX_PERCENT_DECODE_ROUNDS,
  MAX_HEADERS,
  MAX_INPUT_CHARS,
  MAX_PARAM_CHARS,
  MAX_PARAMS,
  MAX_PIECES,
  MAX_REPORTED_URL_CHARS,
  MAX_VALUE_CHARS,
  MAX_WORK_CHARS,
} from './limits';
import { type Budget, type Part, type Piece, charge, clipValue, expandValue, hintIn, percentDecode, splitParams, splitUrl, startsWithMpPrefix } from './normalize';
import { redact } from './redact';
import { TRUNCATED_RULE_ID } from './rule-ids';
import { BEARER_TOKEN_RULE_ID, NAMED_RULES, SHAPE_RULES, bearerValue, looksLikeBearerToken } from './rules/index';
import { findAccessTokens } from './rules/access-token';
import { findTgTokens } from './rules/tg-token';
import { FIX_TEXT, SEVERITY_RANK, fixFor, severityOf } from './severity';
import { fingerprint } from './sha256';
import type { Finding, HttpHeaderLike, HttpRequestLike, Location, RuleMatch, ScanOptions } from './types';

/** Hosts of Mercado Pago's API and OAuth servers (the `auth.` host of every country). */
const DEFAULT_MP_HOST_RE = /^(?:api\.mercadopago\.com|auth\.mercadopago\.(?:com|com\.[a-z]{2}|[a-z]{2}))$/;
/** Mercado Pago's and Mercado Libre's own sites: pages there calling the API are not integrators' frontends. */
const MP_OWN_SITE_RE = /(?:^|\.)mercado(?:pago|libre|livre)\.(?:com|com\.[a-z]{2}|[a-z]{2})$/;

// Limits read on every request, as plain module constants (a bundler inlines them anyway; a
// loader that keeps live bindings would make each read a getter call).
const INPUT_CHARS = MAX_INPUT_CHARS;
const HITS = MAX_HITS;

/** Maximum URLs (or request paths) taken from one line of text. */
const MAX_URLS_PER_LINE = 32;

interface Hit {
  match: RuleMatch;
  chain: string | null;
  where: Where;
}

interface Ctx {
  targets: string[];
  hits: Hit[];
  budget: Budget;
  /** A target known to hold no hint outside the one value the fast path read from it; or -1. */
  plainTarget: number;
  /** Per target: where a limit stopped the scan (displayed text ends there); absent if none. */
  cutAt: Map<number, number> | null;
  /** Per target read out of another (a URL in a line): that target and the offset there. */
  parent: (readonly [number, number] | undefined)[] | null;
  /** Where the first limit left something unread that could hold a credential; null if none. */
  truncated: Location | null;
  /** The target of that place (for the truncated finding's URL). */
  truncatedTarget: number;
  /** Findings ranked below this come without displayed text (ScanOptions.detailFrom). */
  detailRank: number;
  /** Findings ranked below this carry no fingerprint (ScanOptions.fingerprints). */
  fingerprintRank: number;
  /** ScanOptions.sha256Hex (fingerprintOf). */
  sha256Hex: ((s: string) => string) | undefined;
}

/**
 * Tests only: the work the scans did since counting was turned on, in steps: characters handed to
 * the rules, plus hits de-duplicated, plus characters of displayed text times the secrets masked in it.
 */
export const workCounter = { chars: 0 };
let countWork = false;

/** Tests only: count work in workCounter (off by default: no cost on the hot path); resets it. */
export function setWorkCountingForTests(on: boolean): void {
  countWork = on;
  workCounter.chars = 0;
}

/** Fingerprint of a secret: ScanOptions.sha256Hex when given, else the engine's own SHA-256. */
function fingerprintOf(ctx: Ctx, secret: string): string {
  return ctx.sha256Hex === undefined ? fingerprint(secret) : ctx.sha256Hex(secret).slice(0, FINGERPRINT_HEX_CHARS);
}

/** Above every severity's rank. */
const NO_RANK = 3;

function newCtx(opts: ScanOptions): Ctx {
  const from = opts.detailFrom;
  const detailRank = from === 'warning' || from === 'critical' ? SEVERITY_RANK[from] : 0;
  return {
    detailRank,
    fingerprintRank: opts.fingerprints === 'none' ? NO_RANK : opts.fingerprints === 'shown' ? detailRank : 0,
    sha256Hex: opts.sha256Hex,
    targets: [],
    hits: [],
    budget: { pieces: MAX_PIECES, work: MAX_WORK_CHARS, cut: false },
    plainTarget: -1,
    cutAt: null,
    parent: null,
    truncated: null,
    truncatedTarget: 0,
  };
}

function addTarget(ctx: Ctx, text: string, parent = -1, offset = 0): number {
  ctx.targets.push(text);
  const t = ctx.targets.length - 1;
  if (parent >= 0) (ctx.parent ??= [])[t] = [parent, offset];
  return t;
}

/** Records that a limit left something unread in `target` from `at` on (display stops there if `display`). */
function markCut(ctx: Ctx, target: number, at: number, location: Location, display = true): void {
  if (display && at < cutOf(ctx, target)) (ctx.cutAt ??= new Map()).set(target, at);
  if (ctx.truncated === null) {
    ctx.truncated = location;
    ctx.truncatedTarget = target;
  }
}

function cutOf(ctx: Ctx, target: number): number {
  return ctx.cutAt?.get(target) ?? Infinity;
}

function asString(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function clip(s: string): string {
  return s.length > INPUT_CHARS ? s.slice(0, INPUT_CHARS) : s;
}

/**
 * `s` is longer than the engine reads and what lies past that may hold a credential: a hint in the
 * next MAX_INPUT_CHARS characters, or anything further (not searched: the work stays bounded).
 */
function clippedHint(s: string): boolean {
  if (s.length <= INPUT_CHARS) return false;
  return s.length > 2 * MAX_INPUT_CHARS || hintIn(s, MAX_INPUT_CHARS);
}

interface Where {
  location: Location;
  /** Index of the displayed text (URL or line) the value was read from. */
  target: number;
  /** Span of the value in that text, when known: masked whole if the secret is not literal in it. */
  span: readonly [number, number] | null;
  /** Found by the whole-text catch-all pass; dropped when a more precise hit has the same secret. */
  catchAll: boolean;
  inText: boolean;
}

/** Runs the shape rules on every layer and the name rules on the most decoded layer only. */
function runRules(ctx: Ctx, piece: Piece, whereIn: Where): void {
  // Only the unnamed, whole-input piece is a catch-all; what was unwrapped from it has a name.
  let where = whereIn;
  let matched = false;
  if (countWork) workCounter.chars += piece.value.length;
  if (ctx.hits.length >= HITS) return full(ctx);
  for (const rule of SHAPE_RULES) {
    const ms = rule.detect(piece.value, piece.name);
    if (ms.length === 0) continue;
    if (where.catchAll && piece.chain !== null) where = { ...whereIn, catchAll: false };
    for (const match of ms) {
      if (ctx.hits.length >= HITS) return full(ctx);
      matched = true;
      ctx.hits.push({ match, chain: piece.chain, where });
    }
  }
  if (matched || !piece.final || piece.name === null) return;
  for (const rule of NAMED_RULES) {
    const ms = rule.detect(piece.value, piece.name);
    if (ms.length > 0) {
      if (where.catchAll) where = { ...whereIn, catchAll: false };
      for (const match of ms) {
        if (ctx.hits.length >= HITS) return full(ctx);
        ctx.hits.push({ match, chain: piece.chain, where });
      }
      return;
    }
  }
}

/** MAX_HITS reached: enough to judge the request by. The scan stops here and says it was cut. */
function full(ctx: Ctx): void {
  ctx.budget.pieces = 0;
  ctx.budget.cut = true;
}

/** Expands a value and runs the rules on each layer it yields. */
function scanValue(ctx: Ctx, value: string, name: string | null, form: boolean, where: Where): void {
  expandValue(value, name, name, form, 0, ctx.budget, (p) => runRules(ctx, p, where));
}

/**
 * A name under which the name-based rules (client secret, generic bearer) can report a value
 * that shows no hint by itself. A superset of what they accept, for a cheap pre-filter.
 */
const NAME_RULES_RE = /(?:access|refresh|id)[^A-Za-z0-9]*token[^A-Za-z0-9]*$|(?:client|app)[^A-Za-z0-9]*secret[^A-Za-z0-9]*$|secret[^A-Za-z0-9]*key[^A-Za-z0-9]*$/i;

export function nameMayMatter(name: string | null): boolean {
  return name !== null && NAME_RULES_RE.test(name);
}

/**
 * Scans one named or unnamed value. A value that passes the gate is unwrapped layer by layer; one
 * that does not can only matter through its name, so only the name rules see it, fully decoded.
 */
function scanPart(ctx: Ctx, value: string, name: string | null, form: boolean, where: Where): void {
  if (quickGate(value)) {
    scanValue(ctx, value, name, form, where);
  } else if (nameMayMatter(name)) {
    let v = clipValue(value, ctx.budget);
    if (!charge(ctx.budget, v.length)) return;
    for (let round = 0; round < MAX_PERCENT_DECODE_ROUNDS && (v.indexOf('%') >= 0 || (form && v.indexOf('+') >= 0)); round++) {
      const next = percentDecode(v, form);
      if (next === v) break;
      v = next;
    }
    ctx.budget.pieces--;
    runRules(ctx, { value: v, chain: name, name, final: true }, where);
  }
}

/** Characters of a value that can hold nothing but a plain credential: no escapes, no structure. */
const PLAIN_VALUE_RE = /^[A-Za-z0-9_-]+$/;

let fastPathEnabled = true;

/** Tests only: turn the single-value fast path off, to compare it with the general path. */
export function setFastPathForTests(on: boolean): void {
  fastPathEnabled = on;
}

/**
 * The common case of a URL whose first hint starts a plain query value holding a Mercado Pago
 * credential (`?public_key=APP_USR-…&amount=…`, `/callback?code=TG-…&state=…`) and no hint after
 * it. Every other part of such a URL ends before the first hint or holds no hint and no judged
 * name, so the general path (split, gate each part, unwrap each value) would run the rules on this
 * one value, once, as a final layer, and find nothing else. Runs them so and returns true; false
 * (nothing done) when any condition fails. Tests check both paths give the same findings.
 */
function scanSinglePlainQueryValue(ctx: Ctx, url: string, target: number, firstHint: number): boolean {
  if (!fastPathEnabled || firstHint === 0 || ctx.budget.pieces <= 0 || isWeakHintAt(url, firstHint)) return false;
  // The value starts at the hint, right after `=`, inside the query (no fragment anywhere).
  if (url.charCodeAt(firstHint - 1) !== 61 /* = */ || url.indexOf('#') >= 0) return false;
  const q = url.indexOf('?');
  if (q < 0 || q >= firstHint) return false;
  const amp = url.lastIndexOf('&', firstHint);
  const nameStart = (amp > q ? amp : q) + 1;
  const eq = firstHint - 1;
  // The name is plain (decodes to itself), short (never read as a credential itself), and has no `=`.
  const name = url.slice(nameStart, eq);
  if (name.length === 0 || name.length >= 16 || !PLAIN_VALUE_RE.test(name)) return false;
  let end = url.indexOf('&', firstHint);
  if (end < 0) end = url.length;
  const value = url.slice(firstHint, end);
  if (value.length > MAX_VALUE_CHARS || !startsWithMpPrefix(value) || !PLAIN_VALUE_RE.test(value)) return false;
  if (end < url.length && firstRawHintIndex(url.slice(end)) >= 0) return false;
  // The general path stops at MAX_PARAMS parameters: this one must be within them.
  let params = 0;
  for (let i = q + 1; i < nameStart; ) {
    let a = url.indexOf('&', i);
    if (a < 0 || a >= nameStart) a = nameStart - 1;
    if (a > i) params++;
    i = a + 1;
  }
  if (params >= MAX_PARAMS || !charge(ctx.budget, value.length)) return false;
  ctx.budget.pieces--;
  const where: Where = { location: 'query', target, span: [firstHint, end], catchAll: false, inText: false };
  runRules(ctx, { value, chain: name, name, final: true }, where);
  ctx.plainTarget = target;
  return true;
}

/** Scans every part of a URL. `forced` overrides the location (referer, location header). */
function scanUrl(ctx: Ctx, url: string, target: number, forced: Location | null, firstHint = 0): void {
  if (forced === null && scanSinglePlainQueryValue(ctx, url, target, firstHint)) return;
  const unread: number[] = [];
  const parts = splitUrl(url, firstHint, unread);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    // Parts that end before the first hint hold nothing: no credential and no telling name.
    if (p.end <= firstHint) continue;
    if (ctx.budget.pieces <= 0) {
      if (hintIn(url, p.from)) markCut(ctx, target, p.from, forced ?? p.location);
      break;
    }
    const where: Where = { location: forced ?? p.location, target, span: [p.start, p.end], catchAll: false, inText: false };
    ctx.budget.cut = false;
    scanPart(ctx, p.value, p.name, p.location !== 'path', where);
    if (p.name !== null && p.name.length >= 16 && quickGate(p.name) && charge(ctx.budget, p.name.length)) {
      // A credential used as a parameter name (`?APP_USR-…`).
      runRules(ctx, { value: p.name, chain: null, name: null, final: false }, { ...where, span: null });
    }
    if (ctx.budget.cut) markCut(ctx, target, p.from, where.location);
  }
  for (let k = 0; k < unread.length; k += 2) {
    const from = unread[k]!;
    if (hintIn(url, from, unread[k + 1])) markCut(ctx, target, from, forced ?? locationAt(url, from));
  }
}

/** Which part of a URL the offset falls in. */
function locationAt(url: string, at: number): Location {
  const hash = url.indexOf('#');
  if (hash >= 0 && at > hash) return 'fragment';
  const q = url.indexOf('?');
  return q >= 0 && at > q && (hash < 0 || q < hash) ? 'query' : 'path';
}

function headerValue(headers: readonly HttpHeaderLike[] | undefined, name: string): string | null {
  if (!Array.isArray(headers)) return null;
  const n = Math.min(headers.length, MAX_HEADERS);
  for (let i = 0; i < n; i++) {
    const h = headers[i];
    if (h && typeof h.name === 'string' && h.name.toLowerCase() === name && typeof h.value === 'string') return h.value;
  }
  return null;
}

interface Origin {
  scheme: string;
  host: string;
  hostname: string;
}

const ORIGIN_RE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:[^/?#@]*@)?(\[[^\]]*\]|[^/?#:]*)(?::(\d*))?(?=[/?#]|$)/;

/** Scheme, `host[:port]` (default port dropped) and hostname of an absolute URL; null otherwise. */
export function originOf(url: string): Origin | null {
  const m = ORIGIN_RE.exec(url.trim());
  if (!m) return null;
  const scheme = m[1]!.toLowerCase();
  const hostname = m[2]!.toLowerCase().replace(/\.$/, '');
  if (!hostname) return null;
  const port = m[3] ?? '';
  const defaultPort = (scheme === 'https' && port === '443') || (scheme === 'http' && port === '80') || port === '';
  return { scheme, hostname, host: defaultPort ? hostname : `${hostname}:${port}` };
}

function sameOrigin(a: Origin | null, b: Origin | null): boolean {
  return a !== null && b !== null && a.scheme === b.scheme && a.host === b.host;
}

function isMercadoPagoApi(o: Origin, opts: ScanOptions): boolean {
  if (DEFAULT_MP_HOST_RE.test(o.hostname)) return true;
  const extra = opts.mercadoPagoHosts;
  if (!Array.isArray(extra)) return false;
  return extra.some((h) => typeof h === 'string' && (h.toLowerCase() === o.host || h.toLowerCase() === o.hostname));
}

/** The request was made by a web page of another site than Mercado Pago's. */
function fromForeignWebPage(initiator: string | undefined, target: Origin, opts: ScanOptions): boolean {
  if (typeof initiator !== 'string') return false;
  const from = originOf(initiator);
  if (!from || (from.scheme !== 'https' && from.scheme !== 'http')) return false;
  if (from.host === target.host) return false;
  if (isMercadoPagoApi(from, opts) || MP_OWN_SITE_RE.test(from.hostname)) return false;
  return true;
}

function scanAuthorization(ctx: Ctx, header: string, target: number, span: readonly [number, number] | null, inText: boolean): void {
  if (!/^\s*bearer\s+\S/i.test(header)) return;
  const value = bearerValue(header);
  const where: Where = { location: 'authorization', target, span, catchAll: false, inText };
  const before = ctx.hits.length;
  if (!charge(ctx.budget, value.length)) return;
  runRules(ctx, { value, chain: 'Authorization', name: 'authorization', final: false }, where);
  if (ctx.hits.length === before && ctx.hits.length < MAX_HITS && looksLikeBearerToken(value)) {
    ctx.hits.push({ match: { kind: 'bearer_token', rule: BEARER_TOKEN_RULE_ID, secret: value, userId: null }, chain: 'Authorization', where });
  }
}

const JSONISH_RE = /^\s*[[{]/;
const FORM_BODY_RE = /^[^=&\s]{1,256}=[^\s]*$/;

function scanBody(ctx: Ctx, body: NonNullable<HttpRequestLike['requestBody']>, target: number): void {
  const base: Where = { location: 'body', target, span: null, catchAll: false, inText: false };
  const form = body.formData;
  if (form && typeof form === 'object') {
    let count = 0;
    ctx.budget.cut = false;
    for (const name of Object.keys(form)) {
      const values = form[name];
      if (!Array.isArray(values)) continue;
      for (const v of values) {
        if (typeof v !== 'string' || v.length === 0) continue;
        // Reading a value through the gate is work too: there can be many values, each up to MAX_INPUT_CHARS.
        if (count++ >= MAX_PARAMS || ctx.budget.pieces <= 0 || !charge(ctx.budget, Math.min(v.length, MAX_INPUT_CHARS))) {
          // Values left unread: the body was not scanned in full.
          ctx.budget.cut = true;
          break;
        }
        if (clippedHint(v)) ctx.budget.cut = true;
        scanPart(ctx, clip(v), name, false, base);
      }
      if (ctx.budget.cut && (count > MAX_PARAMS || ctx.budget.pieces <= 0)) break;
    }
    if (ctx.budget.cut) markCut(ctx, target, 0, 'body', false);
  }
  const fullRaw = asString(body.raw);
  const raw = clip(fullRaw);
  if (clippedHint(fullRaw)) markCut(ctx, target, 0, 'body', false);
  if (raw.length === 0 || !quickGate(raw)) return;
  const trimmed = raw.trim();
  ctx.budget.cut = false;
  if (JSONISH_RE.test(trimmed)) {
    // The whole JSON text is one value (a body is read up to MAX_JSON_CHARS, not MAX_VALUE_CHARS).
    expandValue(trimmed, null, null, false, 0, ctx.budget, (p) => runRules(ctx, p, { ...base, catchAll: true }), MAX_JSON_CHARS);
  } else if (FORM_BODY_RE.test(trimmed)) {
    const parts: Part[] = [];
    const unread: number[] = [];
    splitParams(trimmed, 0, 'query', parts, 0, unread);
    if (unread.length > 0 && hintIn(trimmed, unread[0]!)) ctx.budget.cut = true;
    for (const p of parts) {
      if (ctx.budget.pieces <= 0) {
        if (hintIn(trimmed, p.from)) ctx.budget.cut = true;
        break;
      }
      scanPart(ctx, p.value, p.name, true, base);
    }
  } else {
    scanFreeText(ctx, raw, target, 'body', false, false);
  }
  if (ctx.budget.cut) markCut(ctx, target, 0, 'body', false);
}

// `name = value`, `name: value`, `"name": "value"` in logs, env files, YAML, JSON lines. A quoted
// string followed by `:` is the next key, not a value.
const KV_RE =
  /(?<![A-Za-z0-9_.-])["']?([A-Za-z_][A-Za-z0-9_.-]{0,63})["']?[ \t]*[:=][ \t]*(?:"((?:[^"\\\n]|\\.){1,8192})"(?![ \t]*:)|'([^'\n]{1,8192})'(?![ \t]*:)|([^\s"'&,;<>)\]}]{1,8192}))/g;
const AUTH_IN_TEXT_RE = /\bauthorization["']?\s*[:=]\s*["']?(bearer\s+[A-Za-z0-9\-._~+/]+=*)/gi;
/** What urlsInText finds (the tests compare them); not run by the engine. */
export const URL_IN_TEXT_RE = /[A-Za-z][A-Za-z0-9+.-]{1,15}:\/\/[^\s"'<>`\\]+/g;
/** A line that is exactly one absolute URL (nothing a URL cannot hold, no trailing punctuation). */
const WHOLE_URL_RE = /^[A-Za-z][A-Za-z0-9+.-]{1,15}:\/\/[^\s"'<>`\\]*[^\s"'<>`\\.,;:!)\]}]$/;

function unescapeJsonString(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  try {
    const v: unknown = JSON.parse(`"${s}"`);
    return typeof v === 'string' ? v : s;
  } catch {
    return s;
  }
}

/** Free text (a log line, a text body): Authorization headers, `name=value` pairs, then bare shapes. */
function scanFreeText(ctx: Ctx, text: string, target: number, location: Location, inText: boolean, spans: boolean): void {
  if (/uthorization/i.test(text)) {
    for (const m of text.matchAll(AUTH_IN_TEXT_RE)) {
      if (ctx.budget.pieces <= 0) break;
      const start = m.index + m[0].length - m[1]!.length;
      scanAuthorization(ctx, m[1]!, target, spans ? [start, start + m[1]!.length] : null, inText);
    }
  }
  let count = 0;
  // Every pair has a `=` or `:`; without one, the expression need not walk the text.
  const pairs = text.indexOf('=') >= 0 || text.indexOf(':') >= 0 ? text.matchAll(KV_RE) : [];
  for (const m of pairs) {
    if (count++ >= MAX_PARAMS || ctx.budget.pieces <= 0) {
      // Pairs left unread from here on.
      if (hintIn(text, m.index)) markCut(ctx, target, m.index, location, spans);
      break;
    }
    const name = m[1]!;
    const rawValue = m[2] ?? m[3] ?? m[4] ?? '';
    if (!quickGate(rawValue) && !nameMayMatter(name)) continue;
    const value = m[2] !== undefined ? unescapeJsonString(rawValue) : rawValue;
    const end = m.index + m[0].length - (m[2] !== undefined || m[3] !== undefined ? 1 : 0);
    const start = end - rawValue.length;
    const where: Where = { location, target, span: spans ? [start, end] : null, catchAll: false, inText };
    ctx.budget.cut = false;
    scanPart(ctx, value, name, true, where);
    if (ctx.budget.cut) markCut(ctx, target, m.index, location, spans);
  }
  // Bare Mercado Pago shapes anywhere in the text.
  const where: Where = { location, target, span: null, catchAll: true, inText };
  ctx.budget.cut = false;
  if (charge(ctx.budget, text.length)) runRules(ctx, { value: text, chain: null, name: null, final: false }, where);
  // Hits past MAX_HITS (or no work left for this pass): the text was not read to its end.
  if (ctx.budget.cut) markCut(ctx, target, 0, location, spans);
}

/** Characters JavaScript's `\s` matches. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** isUrlChar for ASCII, as a table (1: a URL character). */
const ASCII_URL_CHAR: Uint8Array = (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) t[c] = !isSpace(c) && c !== 34 && c !== 39 && c !== 60 && c !== 62 && c !== 96 && c !== 92 ? 1 : 0;
  return t;
})();

/** Characters a URL in text may hold: not `\s`, `"`, `'`, `<`, `>`, `` ` ``, `\`. */
function isUrlChar(c: number): boolean {
  return c < 128 ? ASCII_URL_CHAR[c] === 1 : !isSpace(c);
}

/**
 * Request paths with a query or fragment in free text (`GET /cb?code=… HTTP/1.1`, `"/x#a=b"`): a
 * `/` at the start or after a blank, quote, `=` or `(`, URL characters up to the first `?` or `#`,
 * then at least one more. Found from each `?` or `#` (native searches): the path is the first such
 * `/` in the run of URL characters that ends there, so the slashes elsewhere in a log line (user
 * agents, protocol versions) are never looked at. Each character is read a bounded number of
 * times: runs end at a `?`/`#` and are read once. (The regular expression this replaces retried
 * from each `/` and took quadratic time on `(/(/(/…`.)
 */
export function* pathsInText(s: string): Generator<{ index: number; text: string }> {
  const n = s.length;
  let i = 0;
  let nextQ = s.indexOf('?');
  let nextH = s.indexOf('#');
  while (i < n) {
    if (nextQ >= 0 && nextQ < i) nextQ = s.indexOf('?', i);
    if (nextH >= 0 && nextH < i) nextH = s.indexOf('#', i);
    const q = nextQ < 0 ? nextH : nextH < 0 ? nextQ : Math.min(nextQ, nextH);
    if (q < 0) return;
    // The run of URL characters (none of them `?` or `#`: q is the first from i) that ends at q.
    let a = q;
    while (a > i && isUrlChar(s.charCodeAt(a - 1))) a--;
    let start = -1;
    for (let k = s.indexOf('/', a); k >= 0 && k < q; k = s.indexOf('/', k + 1)) {
      const prev = k === 0 ? 32 : s.charCodeAt(k - 1);
      if (isSpace(prev) || prev === 34 || prev === 39 || prev === 61 || prev === 40) {
        start = k;
        break;
      }
    }
    if (start >= 0 && q + 1 < n && isUrlChar(s.charCodeAt(q + 1))) {
      let e = q + 1;
      while (e < n && isUrlChar(s.charCodeAt(e))) e++;
      yield { index: start, text: s.slice(start, e) };
      i = e;
    } else {
      i = q + 1;
    }
  }
}

/** A character of a URL scheme after its first letter: `[A-Za-z0-9+.-]`. */
function isSchemeChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 45 || c === 46;
}

/**
 * Absolute URLs in free text: exactly the matches of URL_IN_TEXT_RE, found from each `://` (a
 * native search) instead of trying the expression at every character, which has no literal to skip
 * ahead by (a tenth of the scan of a realistic access log). For each `://`, the scheme is the
 * leftmost letter that starts a run of 2 to 16 scheme characters ending there, after the end of the
 * previous URL; the URL goes on through URL characters and needs at least one.
 */
export function* urlsInText(s: string): Generator<{ index: number; text: string }> {
  const n = s.length;
  let from = 0;
  for (let c = s.indexOf('://'); c >= 0; c = s.indexOf('://', Math.max(c + 1, from))) {
    const lo = Math.max(from, c - 16);
    let run = c;
    while (run > lo && isSchemeChar(s.charCodeAt(run - 1))) run--;
    let p = run;
    while (p <= c - 2 && !isLetter(s.charCodeAt(p))) p++;
    if (p > c - 2) continue;
    let e = c + 3;
    while (e < n && isUrlChar(s.charCodeAt(e))) e++;
    if (e === c + 3) continue;
    yield { index: p, text: s.slice(p, e) };
    from = e;
  }
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** `u` without trailing `.,;:!)]}` (a loop: an unanchored `[…]+$` is quadratic on long runs). */
function trimTrailingPunct(u: string): string {
  let e = u.length;
  while (e > 0) {
    const c = u.charCodeAt(e - 1);
    if (c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 41 || c === 93 || c === 125) e--;
    else break;
  }
  return e === u.length ? u : u.slice(0, e);
}

interface Group {
  start: number;
  end: number;
  secrets: Set<string>;
}

/**
 * Characters of raw text read to build a displayed text. Masks are shorter than what they hide, so
 * the display may end before MAX_REPORTED_URL_CHARS; it ends with a cut (endCut), never inside a value.
 */
const DISPLAY_RAW_CHARS = MAX_REPORTED_URL_CHARS + 512;

/** Characters after which a cut display ends (they end values and runs). */
function isCutStop(c: number): boolean {
  return isSpace(c) || c === 38 || c === 63 || c === 35 || c === 34 || c === 39 || c === 44 || c === 59 || c === 60 || c === 62 || c === 0x2026;
}

/** `s` without its last, possibly cut, run of value characters; then an ellipsis. */
function endCut(s: string): string {
  let e = s.length;
  while (e > 0 && !isCutStop(s.charCodeAt(e - 1))) e--;
  return `${s.slice(0, e)}${ELLIPSIS}`;
}

/** The text a finding displays: at most MAX_REPORTED_URL_CHARS, cut where a limit stopped the scan, and redacted. */
function finishDisplay(out: string): string {
  const r = redact(out.length > DISPLAY_RAW_CHARS ? out.slice(0, DISPLAY_RAW_CHARS) : out);
  return r.length > MAX_REPORTED_URL_CHARS ? `${r.slice(0, MAX_REPORTED_URL_CHARS - 1)}${ELLIPSIS}` : r;
}

/**
 * Masks every detected secret in a target: the spans it was found in (also those of URLs read out
 * of it, for a line), then every literal copy; the text ends where a limit stopped the scan.
 */
function maskTarget(ctx: Ctx, target: number, hits: readonly Hit[], secrets: readonly string[]): string {
  const text = ctx.targets[target] ?? '';
  const end = Math.min(text.length, cutOf(ctx, target), DISPLAY_RAW_CHARS);
  if (countWork) workCounter.chars += end * (secrets.length + 1);
  const groups: Group[] = [];
  for (const h of hits) {
    const t = h.where.target;
    if (h.where.span === null) continue;
    const from = t === target ? null : ctx.parent?.[t];
    if (from === undefined || (from !== null && from[0] !== target)) continue;
    const shift = from === null ? 0 : from[1];
    const start = h.where.span[0] + shift;
    const stop = Math.min(h.where.span[1] + shift, end);
    if (start >= stop) continue;
    const g = groups.find((x) => x.start < stop && start < x.end);
    if (g) {
      g.start = Math.min(g.start, start);
      g.end = Math.max(g.end, stop);
      g.secrets.add(h.match.secret);
    } else groups.push({ start, end: stop, secrets: new Set([h.match.secret]) });
  }
  groups.sort((a, b) => b.start - a.start);
  let out = end < text.length ? text.slice(0, end) : text;
  let limit = Infinity;
  for (const g of groups) {
    if (g.end > limit) g.end = limit; // merged groups can still touch after sorting; never overlap
    if (g.start >= g.end) continue;
    let seg = out.slice(g.start, g.end);
    let literal = true;
    for (const s of g.secrets) {
      if (seg.includes(s)) seg = seg.split(s).join(maskSecret(s));
      else literal = false;
    }
    if (!literal) seg = [...g.secrets].map(maskSecret).join(',');
    out = out.slice(0, g.start) + seg + out.slice(g.end);
    limit = g.start;
  }
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(maskSecret(s));
  out = scrubShapes(out);
  if (end < text.length) out = endCut(out);
  return finishDisplay(out);
}

/**
 * maskTarget for the common case of a single hit and no cut; `mask` is maskSecret of its secret.
 * `plain`: the text holds no hint outside the hit's span (the fast path's target), so when the
 * secret is that span exactly, masking it in place is the whole job: any other copy of the secret
 * or other shape would have been a hint.
 */
function maskTargetOne(text: string, target: number, h: Hit, mask: string, plain = false): string {
  const secret = h.match.secret;
  let out = text;
  const span = h.where.target === target ? h.where.span : null;
  if (plain && span !== null && span[1] - span[0] === secret.length && text.startsWith(secret, span[0]) && text.length <= MAX_REPORTED_URL_CHARS) {
    return redact(text.slice(0, span[0]) + mask + text.slice(span[1]));
  }
  if (span !== null && text.slice(span[0], span[1]).indexOf(secret) < 0) {
    // Found only after decoding: the whole value goes.
    out = text.slice(0, span[0]) + mask + text.slice(span[1]);
  }
  return finishDisplay(scrubShapes(out.replaceAll(secret, mask)));
}

/** Any access or refresh token shape (no boundary checks: a cheap, slightly wider test). */
const PRIVATE_SHAPE_RE = /(?:APP_USR|TEST)-\d{10,16}-\d{6}-[0-9a-fA-F]{32}|TG-[0-9a-fA-F]{24}-\d{6}/;

/**
 * Last line of defence for displayed text: masks any private Mercado Pago shape still in it (one
 * the budget did not reach, say), so a finding never carries a raw access or refresh token.
 */
function scrubShapes(text: string): string {
  if (!PRIVATE_SHAPE_RE.test(text)) return text;
  let out = text;
  for (const s of [...findAccessTokens(out), ...findTgTokens(out)]) out = out.split(s).join(maskSecret(s));
  return out;
}

function maskAll(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(maskSecret(s));
  return redact(scrubShapes(out));
}

/** Hits of one secret at one place (location and target). */
interface Place {
  hits: Hit[];
  /** Name chains of its precise hits, sorted, to find those under a longer chain. */
  chains: string[] | null;
  /** Span starts of its precise named hits, for unnamed hits of the same value. */
  starts: Set<number> | null;
}

/** Index of the first element of sorted `xs` that is ≥ `x`. */
function lowerBound(xs: readonly string[], x: string): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `h` is the same secret, at the same place, as a precise hit under a longer name chain: `h` saw
 * the value before it was unwrapped (`redirect`), the other after (`redirect>refresh_token`).
 */
function shadowed(place: Place, h: Hit): boolean {
  if (place.chains === null) {
    place.chains = [];
    place.starts = new Set();
    for (const o of place.hits) {
      if (o.where.catchAll || o.chain === null) continue;
      place.chains.push(o.chain);
      if (o.where.span !== null) place.starts.add(o.where.span[0]);
    }
    place.chains.sort();
  }
  if (h.chain === null) return h.where.span !== null && place.starts!.has(h.where.span[0]);
  const prefix = `${h.chain}>`;
  const i = lowerBound(place.chains, prefix);
  return i < place.chains.length && place.chains[i]!.startsWith(prefix);
}

/**
 * One hit per secret, place, name and kind; catch-all and outer-layer hits give way to precise
 * ones. Hits are grouped by secret and place first, so the work is linear in the hits (times a
 * logarithm), never pairwise.
 */
function dedupe(hits: readonly Hit[]): Hit[] {
  if (countWork) workCounter.chars += hits.length * Math.max(1, Math.ceil(Math.log2(hits.length)));
  const precise = new Set<string>();
  const places = new Map<string, Place>();
  const keyOf = (h: Hit) => `${h.match.secret}\u0000${h.where.location}\u0000${h.where.target}`;
  for (const h of hits) {
    if (!h.where.catchAll) precise.add(h.match.secret);
    const k = keyOf(h);
    const p = places.get(k);
    if (p) p.hits.push(h);
    else places.set(k, { hits: [h], chains: null, starts: null });
  }
  const seen = new Set<string>();
  const kept: Hit[] = [];
  for (const h of hits) {
    if (h.where.catchAll && precise.has(h.match.secret)) continue;
    const place = places.get(keyOf(h))!;
    if (place.hits.length > 1 && shadowed(place, h)) continue;
    const key = `${h.match.secret}\u0000${h.where.location}\u0000${h.chain ?? ''}\u0000${h.match.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(h);
  }
  return kept;
}

function makeFinding(h: Hit, url: string, fp: string, secrets: readonly string[], masked = maskSecret(h.match.secret)): Finding {
  const { location } = h.where;
  const { kind, rule, secret, userId } = h.match;
  const fixId = fixFor(kind, location, rule, h.where.inText);
  // Names are short; one long enough to hold a credential is masked like the URL.
  const param = h.chain === null ? null : (h.chain.length >= 16 ? maskAll(h.chain.slice(0, DISPLAY_RAW_CHARS), secrets) : h.chain).slice(0, MAX_PARAM_CHARS);
  return {
    kind,
    rule,
    severity: severityOf(kind, location),
    location,
    param,
    url,
    masked,
    fingerprint: fp,
    userId,
    fix: FIX_TEXT[fixId],
    fixId,
  };
}

/** Fingerprint of the truncated finding: the same for every one (it names no credential). */
const TRUNCATED_FINGERPRINT = fingerprint(TRUNCATED_RULE_ID);

function truncatedFinding(ctx: Ctx, url: string): Finding {
  return {
    kind: 'truncated',
    rule: TRUNCATED_RULE_ID,
    severity: 'info',
    location: ctx.truncated!,
    param: null,
    url,
    masked: ELLIPSIS,
    fingerprint: TRUNCATED_FINGERPRINT,
    userId: null,
    fix: FIX_TEXT.not_fully_scanned,
    fixId: 'not_fully_scanned',
  };
}

function rankOf(h: Hit): number {
  return SEVERITY_RANK[severityOf(h.match.kind, h.where.location)];
}

/** The hit's finding is displayed (see ScanOptions.detailFrom). */
function detailed(ctx: Ctx, h: Hit): boolean {
  return ctx.detailRank === 0 || rankOf(h) >= ctx.detailRank;
}

/** The hit's finding carries its fingerprint (see ScanOptions.fingerprints; NO_RANK: none does). */
function fingerprinted(ctx: Ctx, h: Hit): boolean {
  return ctx.fingerprintRank === 0 || rankOf(h) >= ctx.fingerprintRank;
}

function buildFindings(ctx: Ctx): Finding[] {
  const truncated = ctx.truncated !== null;
  // The truncated finding is `info`: displayed only when every finding is.
  const truncatedUrl = (display: () => string): string => (ctx.detailRank === 0 ? display() : '');
  if (ctx.hits.length === 0) return truncated ? [truncatedFinding(ctx, truncatedUrl(() => maskTarget(ctx, ctx.truncatedTarget, [], [])))] : [];
  if (ctx.hits.length === 1 && !truncated) {
    const h = ctx.hits[0]!;
    const target = h.where.target;
    const secret = h.match.secret;
    const fp = fingerprinted(ctx, h) ? fingerprintOf(ctx, secret) : '';
    if (!detailed(ctx, h)) return [makeFinding(h, '', fp, [secret], ELLIPSIS)];
    const mask = maskSecret(secret);
    // A hit in a URL read out of a line is displayed with that URL (no cut in it: nothing truncated).
    const url = maskTargetOne(ctx.targets[target] ?? '', target, h, mask, target === ctx.plainTarget);
    return [makeFinding(h, url, fp, [secret], mask)];
  }
  const deduped = dedupe(ctx.hits);
  let kept = deduped;
  // The cap applies before anything is masked or hashed: the most severe first, in order within a
  // severity (a stable sort).
  const room = truncated ? MAX_FINDINGS - 1 : MAX_FINDINGS;
  // Longest first, so a secret that contains another is masked whole. Every kept secret is masked
  // in every displayed text, also those of findings left out by the cap.
  const secrets = [...new Set(kept.map((h) => h.match.secret))].sort((a, b) => b.length - a.length);
  if (kept.length > room) {
    kept = kept
      .map((h, i) => ({ h, i, rank: rankOf(h) }))
      .sort((a, b) => b.rank - a.rank || a.i - b.i)
      .slice(0, room)
      .map((x) => x.h);
  }
  const masked = new Map<number, string>();
  const display = (target: number): string => {
    let url = masked.get(target);
    if (url === undefined) {
      url = maskTarget(ctx, target, deduped, secrets);
      masked.set(target, url);
    }
    return url;
  };
  const fps = new Map<string, string>();
  const findings: Finding[] = [];
  for (const h of kept) {
    let fp = '';
    if (fingerprinted(ctx, h)) {
      fp = fps.get(h.match.secret) ?? fingerprintOf(ctx, h.match.secret);
      fps.set(h.match.secret, fp);
    }
    findings.push(detailed(ctx, h) ? makeFinding(h, display(h.where.target), fp, secrets) : makeFinding(h, '', fp, secrets, ELLIPSIS));
  }
  if (truncated) findings.push(truncatedFinding(ctx, truncatedUrl(() => display(ctx.truncatedTarget))));
  return findings;
}

/**
 * Scans one HTTP request: its URL (query, fragment, path, nested URLs), a `Referer` that carries a
 * credential to another origin, an `Authorization` header sent from a web page to Mercado Pago, the
 * request body, and the response `Location` header. Synchronous, bounded, never throws on bad input.
 */
export function scanRequest(req: HttpRequestLike, opts: ScanOptions = {}): Finding[] {
  if (!req || typeof req !== 'object') return [];
  const fullUrl = asString(req.url);
  const url = clip(fullUrl);
  const firstHint = firstHintIndex(url);
  const urlPasses = firstHint >= 0;
  const headers = Array.isArray(req.requestHeaders) && req.requestHeaders.length > 0 ? req.requestHeaders : undefined;
  const body = req.requestBody && typeof req.requestBody === 'object' ? req.requestBody : undefined;
  const responseHeaders = Array.isArray(req.responseHeaders) && req.responseHeaders.length > 0 ? req.responseHeaders : undefined;
  const urlClipped = clippedHint(fullUrl);
  // The common case: a plain URL with nothing to look at.
  if (!urlPasses && !headers && !body && !responseHeaders && !urlClipped) return [];

  const ctx = newCtx(opts);
  const urlTarget = addTarget(ctx, url);
  if (urlClipped) markCut(ctx, urlTarget, url.length, locationAt(fullUrl, MAX_INPUT_CHARS));
  if (urlPasses) scanUrl(ctx, url, urlTarget, null, firstHint);

  if (headers) {
    const fullReferer = headerValue(headers, 'referer');
    const referer = fullReferer === null ? null : clip(fullReferer);
    if (referer && quickGate(referer)) {
      const refOrigin = originOf(referer);
      if (refOrigin && !sameOrigin(refOrigin, originOf(url))) {
        const t = addTarget(ctx, referer);
        if (clippedHint(fullReferer!)) markCut(ctx, t, referer.length, 'referer');
        scanUrl(ctx, referer, t, 'referer');
      }
    }
    const fullAuth = headerValue(headers, 'authorization');
    const auth = fullAuth === null ? null : clip(fullAuth);
    const urlOrigin = auth ? originOf(url) : null;
    if (auth && urlOrigin && isMercadoPagoApi(urlOrigin, opts) && fromForeignWebPage(req.initiator, urlOrigin, opts)) {
      if (clippedHint(fullAuth!)) markCut(ctx, urlTarget, url.length, 'authorization', false);
      scanAuthorization(ctx, auth, urlTarget, null, false);
    }
  }

  if (body) scanBody(ctx, body, urlTarget);

  const fullLocation = headerValue(responseHeaders, 'location');
  const location = fullLocation === null ? null : clip(fullLocation);
  if (location && quickGate(location)) {
    const t = addTarget(ctx, location);
    if (clippedHint(fullLocation!)) markCut(ctx, t, location.length, 'location');
    scanUrl(ctx, location, t, 'location');
  }

  return buildFindings(ctx);
}

/**
 * Scans one line of free text (a log line, a URL list entry). URLs and request paths in it are
 * scanned as URLs; the rest as text (`name=value` pairs, `Authorization: Bearer …`, bare shapes),
 * reported with location `body` (or `authorization`).
 */
export function scanText(line: string, opts: ScanOptions = {}): Finding[] {
  const full = asString(line);
  const text = clip(full);
  const firstHint = firstHintIndex(text);
  const clipped = clippedHint(full);
  if (firstHint < 0 && !clipped) return [];
  return scanGatedText(text, firstHint < 0 ? text.length : firstHint, opts, clipped);
}

/**
 * scanText once the first hint of `text` (clipped) is known to be at `firstHint` (≥ 0). With
 * `firstHint` 0 it is the engine without its gate, which the tests use to prove the gate sound.
 */
export function scanGatedText(text: string, firstHint: number, opts: ScanOptions, clipped = false): Finding[] {
  const ctx = newCtx(opts);
  const lineTarget = addTarget(ctx, text);
  // The line was longer than what is read: it ends where the reading stopped.
  if (clipped) markCut(ctx, lineTarget, text.length, 'body');
  if (firstHint >= text.length) return buildFindings(ctx);
  if (WHOLE_URL_RE.test(text)) {
    // The line is one URL (URL lists, access logs reduced to URLs): scan it as a URL, nothing else.
    scanUrl(ctx, text, lineTarget, null, firstHint);
    return buildFindings(ctx);
  }
  let rest = text;
  let urls = 0;
  for (const pass of [0, 1]) {
    const found = pass === 0 ? urlsInText(rest) : pathsInText(rest);
    for (const m of found) {
      const u = trimTrailingPunct(m.text);
      const uHint = firstHintIndex(u);
      if (uHint < 0) continue;
      if (urls++ >= MAX_URLS_PER_LINE || ctx.budget.pieces <= 0) {
        // URLs left unread from here on.
        markCut(ctx, lineTarget, m.index, 'body');
        break;
      }
      const t = addTarget(ctx, u, lineTarget, m.index);
      // From its first hint, as scanRequest does: a URL in a line takes the same fast path.
      scanUrl(ctx, u, t, null, uHint);
      // A cut in the URL cuts the line there too.
      const cut = cutOf(ctx, t);
      if (cut < Infinity) markCut(ctx, lineTarget, m.index + cut, 'body');
      // Blank the URL out (same length, so offsets hold) before the free-text pass.
      rest = rest.slice(0, m.index) + ' '.repeat(u.length) + rest.slice(m.index + u.length);
    }
  }
  if ((rest === text || quickGate(rest)) && ctx.budget.pieces > 0) {
    scanFreeText(ctx, rest, lineTarget, 'body', (opts.textContext ?? 'text') === 'text', true);
  } else if (ctx.budget.pieces <= 0 && hintIn(rest, 0)) {
    markCut(ctx, lineTarget, 0, 'body');
  }
  return buildFindings(ctx);
}

/**
 * `opts` with fingerprints on every finding: where findings seen in two overlapping windows of a
 * long line are told apart by fingerprint (scanLongLine, and the CLI's windows of a line that has
 * not ended yet).
 */
export function withFingerprints(opts: ScanOptions): ScanOptions {
  return opts.fingerprints === undefined || opts.fingerprints === 'all' ? opts : { ...opts, fingerprints: 'all' };
}

/** Overlap between consecutive windows of a line longer than MAX_INPUT_CHARS. */
export const LINE_WINDOW_OVERLAP = 2048;

/**
 * Scans one line of any length: lines longer than MAX_INPUT_CHARS are scanned in overlapping
 * windows, and a credential seen in two windows is reported once.
 */
export function scanLongLine(line: string, opts: ScanOptions = {}): Finding[] {
  if (line.length <= MAX_INPUT_CHARS) return scanText(line, opts);
  const seen = new Set<string>();
  const out: Finding[] = [];
  const o = withFingerprints(opts);
  for (let from = 0; from < line.length; from += MAX_INPUT_CHARS - LINE_WINDOW_OVERLAP) {
    for (const f of scanText(line.slice(from, from + MAX_INPUT_CHARS), o)) {
      const key = `${f.fingerprint}|${f.location}|${f.param ?? ''}|${f.kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(f);
    }
    if (from + MAX_INPUT_CHARS >= line.length) break;
  }
  return out;
}

/**
 * Scans a block of text line by line (`\n` or `\r\n`), calling `onLine(index, findings)` for each
 * line (0-based within the block) that has findings; returns the number of lines (newlines + 1).
 * Lines without a
 * hint are skipped by one regular-expression pass over the block, never split out one by one.
 */
export function scanLines(text: string, onLine: (index: number, findings: Finding[]) => void, opts: ScanOptions = {}): number {
  let pos = 0;
  let line = 0;
  const n = text.length;
  while (pos < n) {
    // One pass over the rest of the block; weak hints are judged below, on their own line.
    const rel = firstRawHintIndex(pos === 0 ? text : text.slice(pos));
    if (rel < 0) break;
    const hint = pos + rel;
    // Count the lines skipped before the one holding the hint.
    let start = pos;
    for (let nl = text.indexOf('\n', pos); nl >= 0 && nl < hint; nl = text.indexOf('\n', nl + 1)) {
      line++;
      start = nl + 1;
    }
    let end = text.indexOf('\n', hint);
    if (end < 0) end = n;
    const content = end > start && text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    // The hint is known: a line within one window skips the gate, unless its first hint is a weak
    // word, which the line must back up with something stronger.
    // The block's search found no hint before this one, so it is the line's first raw hint too.
    const inLine = isWeakHintAt(text, hint) && content.length <= MAX_INPUT_CHARS ? firstHintIndexFrom(content, hint - start) : hint - start;
    if (inLine >= 0) {
      const findings = content.length <= MAX_INPUT_CHARS ? scanGatedText(content, inLine, opts) : scanLongLine(content, opts);
      if (findings.length > 0) onLine(line, findings);
    }
    if (end >= n) return line + 1;
    line++;
    pos = end + 1;
  }
  // Lines after the last hint.
  for (let nl = text.indexOf('\n', pos); nl >= 0; nl = text.indexOf('\n', nl + 1)) line++;
  return line + 1;
}
