/**
 * The engine: locate values in a request (or a line of text), normalize them, run the rules, judge
 * severity by kind × location, and build findings that never hold a raw secret.
 */
import { maskSecret } from '../mask';
import { firstHintIndex, firstRawHintIndex, isWeakHintAt, quickGate } from './gate';
import {
  MAX_FINDINGS,
  MAX_PERCENT_DECODE_ROUNDS,
  MAX_HEADERS,
  MAX_INPUT_CHARS,
  MAX_PARAM_CHARS,
  MAX_PARAMS,
  MAX_PIECES,
  MAX_REPORTED_URL_CHARS,
  MAX_VALUE_CHARS,
} from './limits';
import { type Budget, type Part, type Piece, expandValue, percentDecode, splitParams, splitUrl, startsWithMpPrefix } from './normalize';
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
}

function newCtx(): Ctx {
  return { targets: [], hits: [], budget: { pieces: MAX_PIECES }, plainTarget: -1 };
}

function addTarget(ctx: Ctx, text: string): number {
  ctx.targets.push(text);
  return ctx.targets.length - 1;
}

function asString(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function clip(s: string): string {
  return s.length > MAX_INPUT_CHARS ? s.slice(0, MAX_INPUT_CHARS) : s;
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
  for (const rule of SHAPE_RULES) {
    const ms = rule.detect(piece.value, piece.name);
    if (ms.length === 0) continue;
    if (where.catchAll && piece.chain !== null) where = { ...whereIn, catchAll: false };
    for (const match of ms) {
      matched = true;
      ctx.hits.push({ match, chain: piece.chain, where });
    }
  }
  if (matched || !piece.final || piece.name === null) return;
  for (const rule of NAMED_RULES) {
    const ms = rule.detect(piece.value, piece.name);
    if (ms.length > 0) {
      if (where.catchAll) where = { ...whereIn, catchAll: false };
      for (const match of ms) ctx.hits.push({ match, chain: piece.chain, where });
      return;
    }
  }
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
    let v = value.length > MAX_VALUE_CHARS ? value.slice(0, MAX_VALUE_CHARS) : value;
    for (let round = 0; round < MAX_PERCENT_DECODE_ROUNDS && (v.indexOf('%') >= 0 || (form && v.indexOf('+') >= 0)); round++) {
      const next = percentDecode(v, form);
      if (next === v) break;
      v = next;
    }
    if (ctx.budget.pieces-- > 0) runRules(ctx, { value: v, chain: name, name, final: true }, where);
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
  if (params >= MAX_PARAMS) return false;
  ctx.budget.pieces--;
  const where: Where = { location: 'query', target, span: [firstHint, end], catchAll: false, inText: false };
  runRules(ctx, { value, chain: name, name, final: true }, where);
  ctx.plainTarget = target;
  return true;
}

/** Scans every part of a URL. `forced` overrides the location (referer, location header). */
function scanUrl(ctx: Ctx, url: string, target: number, forced: Location | null, firstHint = 0): void {
  if (forced === null && scanSinglePlainQueryValue(ctx, url, target, firstHint)) return;
  for (const p of splitUrl(url, firstHint)) {
    if (ctx.budget.pieces <= 0) return;
    // Parts that end before the first hint hold nothing: no credential and no telling name.
    if (p.end <= firstHint) continue;
    const where: Where = { location: forced ?? p.location, target, span: [p.start, p.end], catchAll: false, inText: false };
    scanPart(ctx, p.value, p.name, p.location !== 'path', where);
    if (p.name !== null && p.name.length >= 16 && quickGate(p.name)) {
      // A credential used as a parameter name (`?APP_USR-…`).
      runRules(ctx, { value: p.name, chain: null, name: null, final: false }, { ...where, span: null });
    }
  }
}

function headerValue(headers: readonly HttpHeaderLike[] | undefined, name: string): string | null {
  if (!Array.isArray(headers)) return null;
  const n = Math.min(headers.length, MAX_HEADERS);
  for (let i = 0; i < n; i++) {
    const h = headers[i];
    if (h && typeof h.name === 'string' && h.name.toLowerCase() === name && typeof h.value === 'string') return clip(h.value);
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
  runRules(ctx, { value, chain: 'Authorization', name: 'authorization', final: false }, where);
  if (ctx.hits.length === before && looksLikeBearerToken(value)) {
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
    for (const name of Object.keys(form)) {
      const values = form[name];
      if (!Array.isArray(values)) continue;
      for (const v of values) {
        if (count++ >= MAX_PARAMS || ctx.budget.pieces <= 0) break;
        if (typeof v !== 'string') continue;
        scanPart(ctx, clip(v), name, false, base);
      }
    }
  }
  const raw = clip(asString(body.raw));
  if (raw.length === 0 || !quickGate(raw)) return;
  const trimmed = raw.trim();
  if (JSONISH_RE.test(trimmed)) {
    scanValue(ctx, trimmed, null, false, { ...base, catchAll: true });
  } else if (FORM_BODY_RE.test(trimmed)) {
    const parts: Part[] = [];
    splitParams(trimmed, 0, 'query', parts);
    for (const p of parts) {
      if (ctx.budget.pieces <= 0) break;
      scanPart(ctx, p.value, p.name, true, base);
    }
  } else {
    scanFreeText(ctx, raw, target, 'body', false, false);
  }
}

// `name = value`, `name: value`, `"name": "value"` in logs, env files, YAML, JSON lines. A quoted
// string followed by `:` is the next key, not a value.
const KV_RE =
  /(?<![A-Za-z0-9_.-])["']?([A-Za-z_][A-Za-z0-9_.-]{0,63})["']?[ \t]*[:=][ \t]*(?:"((?:[^"\\\n]|\\.){1,8192})"(?![ \t]*:)|'([^'\n]{1,8192})'(?![ \t]*:)|([^\s"'&,;<>)\]}]{1,8192}))/g;
const AUTH_IN_TEXT_RE = /\bauthorization["']?\s*[:=]\s*["']?(bearer\s+[A-Za-z0-9\-._~+/]+=*)/gi;
const URL_IN_TEXT_RE = /[A-Za-z][A-Za-z0-9+.-]{1,15}:\/\/[^\s"'<>`\\]+/g;
const PATH_IN_TEXT_RE = /(?<=^|[\s"'=(])\/[^\s"'<>`\\?#]*[?#][^\s"'<>`\\]+/g;
const TRAILING_PUNCT_RE = /[.,;:!)\]}]+$/;
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
      const start = m.index + m[0].length - m[1]!.length;
      scanAuthorization(ctx, m[1]!, target, spans ? [start, start + m[1]!.length] : null, inText);
    }
  }
  let count = 0;
  for (const m of text.matchAll(KV_RE)) {
    if (count++ >= MAX_PARAMS || ctx.budget.pieces <= 0) break;
    const name = m[1]!;
    const rawValue = m[2] ?? m[3] ?? m[4] ?? '';
    if (!quickGate(rawValue) && !nameMayMatter(name)) continue;
    const value = m[2] !== undefined ? unescapeJsonString(rawValue) : rawValue;
    const end = m.index + m[0].length - (m[2] !== undefined || m[3] !== undefined ? 1 : 0);
    const start = end - rawValue.length;
    const where: Where = { location, target, span: spans ? [start, end] : null, catchAll: false, inText };
    scanPart(ctx, value, name, true, where);
  }
  // Bare Mercado Pago shapes anywhere in the text.
  const where: Where = { location, target, span: null, catchAll: true, inText };
  runRules(ctx, { value: text, chain: null, name: null, final: false }, where);
}

/** Masks every detected secret in a target: the spans it was found in, then every literal copy. */
function maskTarget(text: string, target: number, hits: readonly Hit[], secrets: readonly string[]): string {
  if (hits.length === 1) return maskTargetOne(text, target, hits[0]!, maskSecret(hits[0]!.match.secret));
  const groups: { start: number; end: number; secrets: Set<string> }[] = [];
  for (const h of hits) {
    if (h.where.target !== target || h.where.span === null) continue;
    const [start, end] = h.where.span;
    const g = groups.find((x) => x.start < end && start < x.end);
    if (g) {
      g.start = Math.min(g.start, start);
      g.end = Math.max(g.end, end);
      g.secrets.add(h.match.secret);
    } else groups.push({ start, end, secrets: new Set([h.match.secret]) });
  }
  groups.sort((a, b) => b.start - a.start);
  let out = text;
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
  return out.length > MAX_REPORTED_URL_CHARS ? `${out.slice(0, MAX_REPORTED_URL_CHARS - 1)}\u2026` : out;
}

/**
 * maskTarget for the common case of a single hit; `mask` is maskSecret of its secret. `plain`: the
 * text holds no hint outside the hit's span (the fast path's target), so when the secret is that
 * span exactly, masking it in place is the whole job: any other copy of the secret or other shape
 * would have been a hint.
 */
function maskTargetOne(text: string, target: number, h: Hit, mask: string, plain = false): string {
  const secret = h.match.secret;
  let out = text;
  const span = h.where.target === target ? h.where.span : null;
  if (plain && span !== null && span[1] - span[0] === secret.length && text.startsWith(secret, span[0]) && text.length <= MAX_REPORTED_URL_CHARS) {
    return text.slice(0, span[0]) + mask + text.slice(span[1]);
  }
  if (span !== null && text.slice(span[0], span[1]).indexOf(secret) < 0) {
    // Found only after decoding: the whole value goes.
    out = text.slice(0, span[0]) + mask + text.slice(span[1]);
  }
  out = scrubShapes(out.replaceAll(secret, mask));
  return out.length > MAX_REPORTED_URL_CHARS ? `${out.slice(0, MAX_REPORTED_URL_CHARS - 1)}\u2026` : out;
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
  return scrubShapes(out);
}

/**
 * `o` reports the same secret as `h`, at the same place, under a longer name chain: `h` saw the
 * value before it was unwrapped (`redirect`), `o` after (`redirect>refresh_token`). Keep `o`.
 */
function deeper(o: Hit, h: Hit): boolean {
  const a = o.where;
  const b = h.where;
  if (o.match.secret !== h.match.secret || a.location !== b.location || a.target !== b.target || a.catchAll) return false;
  if (o.chain === null) return false;
  if (h.chain === null) return a.span !== null && b.span !== null && a.span[0] === b.span[0];
  return o.chain.startsWith(`${h.chain}>`);
}

/** One hit per secret, place, name and kind; catch-all and outer-layer hits give way to precise ones. */
function dedupe(hits: readonly Hit[]): Hit[] {
  const precise = new Set<string>();
  for (const h of hits) if (!h.where.catchAll) precise.add(h.match.secret);
  const seen = new Set<string>();
  const kept: Hit[] = [];
  for (const h of hits) {
    if (h.where.catchAll && precise.has(h.match.secret)) continue;
    if (hits.some((o) => o !== h && deeper(o, h))) continue;
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
  const param = h.chain === null ? null : (h.chain.length >= 16 ? maskAll(h.chain, secrets) : h.chain).slice(0, MAX_PARAM_CHARS);
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

function buildFindings(ctx: Ctx): Finding[] {
  if (ctx.hits.length === 0) return [];
  if (ctx.hits.length === 1) {
    const h = ctx.hits[0]!;
    const target = h.where.target;
    const secret = h.match.secret;
    const mask = maskSecret(secret);
    const url = maskTargetOne(ctx.targets[target] ?? '', target, h, mask, target === ctx.plainTarget);
    return [makeFinding(h, url, fingerprint(secret), [secret], mask)];
  }
  const kept = dedupe(ctx.hits);
  // Longest first, so a secret that contains another is masked whole.
  const secrets = [...new Set(kept.map((h) => h.match.secret))].sort((a, b) => b.length - a.length);
  const masked = new Map<number, string>();
  const fps = new Map<string, string>();
  const findings: Finding[] = [];
  for (const h of kept) {
    const { target } = h.where;
    let url = masked.get(target);
    if (url === undefined) {
      url = maskTarget(ctx.targets[target] ?? '', target, kept, secrets);
      masked.set(target, url);
    }
    let fp = fps.get(h.match.secret);
    if (fp === undefined) {
      fp = fingerprint(h.match.secret);
      fps.set(h.match.secret, fp);
    }
    findings.push(makeFinding(h, url, fp, secrets));
  }
  if (findings.length <= MAX_FINDINGS) return findings;
  // Keep the most severe when capping; the sort is stable, so order is kept within a severity.
  return findings.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]).slice(0, MAX_FINDINGS);
}

/**
 * Scans one HTTP request: its URL (query, fragment, path, nested URLs), a `Referer` that carries a
 * credential to another origin, an `Authorization` header sent from a web page to Mercado Pago, the
 * request body, and the response `Location` header. Synchronous, bounded, never throws on bad input.
 */
export function scanRequest(req: HttpRequestLike, opts: ScanOptions = {}): Finding[] {
  if (!req || typeof req !== 'object') return [];
  const url = clip(asString(req.url));
  const firstHint = firstHintIndex(url);
  const urlPasses = firstHint >= 0;
  const headers = Array.isArray(req.requestHeaders) && req.requestHeaders.length > 0 ? req.requestHeaders : undefined;
  const body = req.requestBody && typeof req.requestBody === 'object' ? req.requestBody : undefined;
  const responseHeaders = Array.isArray(req.responseHeaders) && req.responseHeaders.length > 0 ? req.responseHeaders : undefined;
  // The common case: a plain URL with nothing to look at.
  if (!urlPasses && !headers && !body && !responseHeaders) return [];

  const ctx = newCtx();
  const urlTarget = addTarget(ctx, url);
  if (urlPasses) scanUrl(ctx, url, urlTarget, null, firstHint);

  if (headers) {
    const referer = headerValue(headers, 'referer');
    if (referer && quickGate(referer)) {
      const refOrigin = originOf(referer);
      if (refOrigin && !sameOrigin(refOrigin, originOf(url))) scanUrl(ctx, referer, addTarget(ctx, referer), 'referer');
    }
    const auth = headerValue(headers, 'authorization');
    const urlOrigin = auth ? originOf(url) : null;
    if (auth && urlOrigin && isMercadoPagoApi(urlOrigin, opts) && fromForeignWebPage(req.initiator, urlOrigin, opts)) {
      scanAuthorization(ctx, auth, urlTarget, null, false);
    }
  }

  if (body) scanBody(ctx, body, urlTarget);

  const location = headerValue(responseHeaders, 'location');
  if (location && quickGate(location)) scanUrl(ctx, location, addTarget(ctx, location), 'location');

  return buildFindings(ctx);
}

/**
 * Scans one line of free text (a log line, a URL list entry). URLs and request paths in it are
 * scanned as URLs; the rest as text (`name=value` pairs, `Authorization: Bearer …`, bare shapes),
 * reported with location `body` (or `authorization`).
 */
export function scanText(line: string, opts: ScanOptions = {}): Finding[] {
  const text = clip(asString(line));
  const firstHint = firstHintIndex(text);
  return firstHint < 0 ? [] : scanGatedText(text, firstHint, opts);
}

/**
 * scanText once the first hint of `text` (clipped) is known to be at `firstHint` (≥ 0). With
 * `firstHint` 0 it is the engine without its gate, which the tests use to prove the gate sound.
 */
export function scanGatedText(text: string, firstHint: number, opts: ScanOptions): Finding[] {
  const ctx = newCtx();
  const lineTarget = addTarget(ctx, text);
  if (WHOLE_URL_RE.test(text)) {
    // The line is one URL (URL lists, access logs reduced to URLs): scan it as a URL, nothing else.
    scanUrl(ctx, text, lineTarget, null, firstHint);
    return buildFindings(ctx);
  }
  let rest = text;
  let urls = 0;
  for (const re of [URL_IN_TEXT_RE, PATH_IN_TEXT_RE]) {
    for (const m of rest.matchAll(re)) {
      if (urls++ >= MAX_URLS_PER_LINE) break;
      const u = m[0].replace(TRAILING_PUNCT_RE, '');
      if (!quickGate(u)) continue;
      scanUrl(ctx, u, addTarget(ctx, u), null);
      // Blank the URL out (same length, so offsets hold) before the free-text pass.
      rest = rest.slice(0, m.index) + ' '.repeat(u.length) + rest.slice(m.index + u.length);
    }
  }
  if (rest === text || quickGate(rest)) {
    scanFreeText(ctx, rest, lineTarget, 'body', (opts.textContext ?? 'text') === 'text', true);
  }
  return buildFindings(ctx);
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
  for (let from = 0; from < line.length; from += MAX_INPUT_CHARS - LINE_WINDOW_OVERLAP) {
    for (const f of scanText(line.slice(from, from + MAX_INPUT_CHARS), opts)) {
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
    const inLine = isWeakHintAt(text, hint) && content.length <= MAX_INPUT_CHARS ? firstHintIndex(content) : hint - start;
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
