/**
 * Normalization before matching: URLs split into parts (with their offsets, for masking), then each
 * value unwrapped layer by layer — percent-decoding (also double encoding), `+` as space in form
 * values, nested URLs, form-encoded strings, base64/base64url (and JWT segments), JSON — each
 * bounded by the constants in limits.ts.
 */
import {
  MAX_JSON_CHARS,
  MAX_JSON_NODES,
  MAX_NEST_DEPTH,
  MAX_PARAMS,
  MAX_PATH_SEGMENTS,
  MAX_PERCENT_DECODE_ROUNDS,
  MAX_VALUE_CHARS,
  MIN_BASE64_CHARS,
} from './limits';
import { firstRawHintIndex, hasBase64Hint } from './gate';

/** JSON nesting followed when walking a parsed value. */
export const MAX_JSON_DEPTH = 32;

export type UrlPartLocation = 'query' | 'fragment' | 'path';

/** One value of a URL (or form string) with its span in the string it came from. */
export interface Part {
  location: UrlPartLocation;
  /** Decoded parameter name, or null for path segments and name-less values. */
  name: string | null;
  value: string;
  start: number;
  end: number;
  /** Where the part begins, its name included (spans mask values; cuts fall before names). */
  from: number;
}

/** A decoded value handed to the rules. */
export interface Piece {
  value: string;
  /** Names from the outside in, joined with `>`; null when there is none. */
  chain: string | null;
  /** Innermost name, which the name-based rules judge. */
  name: string | null;
  /** The most decoded layer of its value: the one a server reads, judged by the name rules. */
  final: boolean;
}

/** Shared, per-scan (per request or per line) allowance of work, across all values. */
export interface Budget {
  /** Decoded values still allowed. */
  pieces: number;
  /** Characters the rules may still read (every layer of every value counts). */
  work: number;
  /** Set when a limit left something unread that could hold a credential; the caller resets it. */
  cut: boolean;
}

/**
 * Takes `n` characters of work from the budget; false (and nothing taken) when fewer are left, and
 * then the budget is spent: a scan that cannot read one value whole reads nothing more.
 */
export function charge(budget: Budget, n: number): boolean {
  if (budget.pieces <= 0) {
    budget.cut = true;
    return false;
  }
  if (n > budget.work) {
    budget.work = 0;
    budget.pieces = 0;
    budget.cut = true;
    return false;
  }
  budget.work -= n;
  return true;
}

/** `s[from, to)` holds a hint (weak or strong): something a limit skipped there could matter. */
export function hintIn(s: string, from: number, to = s.length): boolean {
  return to > from && firstRawHintIndex(from === 0 && to === s.length ? s : s.slice(from, to)) >= 0;
}

export function joinChain(chain: string | null, name: string | null): string | null {
  if (name === null || name === '') return chain;
  return chain === null ? name : `${chain}>${name}`;
}

/** Percent-decodes `s` (one round). Invalid sequences stay as they are. */
export function percentDecode(s: string, plusAsSpace: boolean): string {
  let t = plusAsSpace && s.indexOf('+') >= 0 ? s.replace(/\+/g, ' ') : s;
  if (t.indexOf('%') < 0) return t;
  try {
    return decodeURIComponent(t);
  } catch {
    t = t.replace(/%([0-9A-Fa-f]{2})/g, (m: string, h: string) => {
      const c = parseInt(h, 16);
      return c < 0x80 ? String.fromCharCode(c) : m;
    });
    return t;
  }
}

function decodeName(s: string): string {
  return percentDecode(s.length > 256 ? s.slice(0, 256) : s, true);
}

/**
 * Splits `a=1&b=2` (query, fragment, form body) into parts; spans are offset by `base`. Parts that
 * end at or before `from` (a span offset) are counted against the limit but not built. When the
 * limit stops it, the span of what was left unread is pushed to `unread` (start, end).
 */
export function splitParams(s: string, base: number, location: UrlPartLocation, out: Part[], from = 0, unread?: number[]): void {
  let i = 0;
  let count = 0;
  while (i <= s.length && count < MAX_PARAMS) {
    let amp = s.indexOf('&', i);
    if (amp < 0) amp = s.length;
    if (amp > i && base + amp <= from) {
      count++;
    } else if (amp > i) {
      const eq = s.indexOf('=', i);
      if (eq >= 0 && eq < amp) {
        out.push({ location, name: decodeName(s.slice(i, eq)), value: s.slice(eq + 1, amp), start: base + eq + 1, end: base + amp, from: base + i });
      } else {
        out.push({ location, name: null, value: s.slice(i, amp), start: base + i, end: base + amp, from: base + i });
      }
      count++;
    }
    i = amp + 1;
  }
  if (unread && i < s.length) unread.push(base + i, base + s.length);
}

const SCHEME_RE = /^[A-Za-z][A-Za-z0-9+.-]{0,15}:\/\//;

/**
 * Splits a URL (absolute, scheme-relative or a path) into path segments, query parameters and
 * fragment values, keeping their offsets. Never throws; a string that is not a URL is a path.
 * Parts that end at or before `from` are left out (they still count against the limits). Spans a
 * limit left unread are pushed to `unread` (start, end pairs).
 */
export function splitUrl(url: string, from = 0, unread?: number[]): Part[] {
  const out: Part[] = [];
  const hash = url.indexOf('#');
  const beforeHash = hash >= 0 ? url.slice(0, hash) : url;
  const q = beforeHash.indexOf('?');
  const beforeQuery = q >= 0 ? beforeHash.slice(0, q) : beforeHash;

  let pathStart = 0;
  const scheme = SCHEME_RE.exec(beforeQuery);
  if (scheme || beforeQuery.startsWith('//')) {
    const authStart = scheme ? scheme[0].length : 2;
    const slash = beforeQuery.indexOf('/', authStart);
    pathStart = slash < 0 ? beforeQuery.length : slash;
  }
  let segs = 0;
  let i = pathStart;
  while (i < beforeQuery.length && segs < MAX_PATH_SEGMENTS) {
    let j = beforeQuery.indexOf('/', i);
    if (j < 0) j = beforeQuery.length;
    if (j > i) {
      if (j > from) out.push({ location: 'path', name: null, value: beforeQuery.slice(i, j), start: i, end: j, from: i });
      segs++;
    }
    i = j + 1;
  }
  if (unread && i < beforeQuery.length) unread.push(i, beforeQuery.length);
  if (q >= 0) splitParams(beforeHash.slice(q + 1), q + 1, 'query', out, from, unread);
  if (hash >= 0) {
    const frag = url.slice(hash + 1);
    const fq = frag.indexOf('?');
    if (fq >= 0) {
      // `#/route?access_token=…` (hash routing): the route, then its parameters.
      if (fq > 0 && hash + 1 + fq > from) out.push({ location: 'fragment', name: null, value: frag.slice(0, fq), start: hash + 1, end: hash + 1 + fq, from: hash + 1 });
      splitParams(frag.slice(fq + 1), hash + 1 + fq + 1, 'fragment', out, from, unread);
    } else if (frag.indexOf('=') >= 0) {
      splitParams(frag, hash + 1, 'fragment', out, from, unread);
    } else if (frag.length > 0) {
      out.push({ location: 'fragment', name: null, value: frag, start: hash + 1, end: url.length, from: hash + 1 });
    }
  }
  return out;
}

export function looksLikeUrl(s: string): boolean {
  if (s.charCodeAt(0) === 47 /* / */) return SCHEME_RE.test(s) || /^\/[^\s]*[?#]/.test(s);
  // A scheme is at most 16 characters, so `://` ends by index 19: no need to look further.
  const colon = s.indexOf('://');
  return colon > 0 && colon <= 16 && SCHEME_RE.test(s);
}

const BASE64_RE = /^[A-Za-z0-9+/_-]+={0,2}$/;
const JWT_RE = /^[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*$/;
const FORM_RE = /^[^=&\s]{1,256}=[^\s]*$/;

const B64_INDEX: readonly number[] = (() => {
  const table: number[] = new Array<number>(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  table[43] = 62; // +
  table[45] = 62; // -
  table[47] = 63; // /
  table[95] = 63; // _
  return table;
})();

/**
 * Decodes base64 or base64url (padding optional) to text. Returns null when `s` is not base64 or
 * the bytes are not mostly printable text.
 */
export function base64Decode(s: string): string | null {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 61 /* = */) end--;
  if (end % 4 === 1 || end === 0) return null;
  const bytes: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c]! : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((acc >> bits) & 255);
    }
    acc &= 0xff;
  }
  let printable = 0;
  for (const b of bytes) if ((b >= 0x20 && b < 0x7f) || b === 9 || b === 10 || b === 13) printable++;
  if (bytes.length === 0 || printable < bytes.length * 0.85) return null;
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

type Emit = (piece: Piece) => void;

interface Walk {
  budget: Budget;
  emit: Emit;
}

/**
 * Hands `value` and every decoded layer of it to `emit`, following nested URLs, form strings,
 * base64 and JSON up to MAX_NEST_DEPTH layers, within the shared budget.
 * `form` says `+` means space (query, fragment and form values).
 */
export function expandValue(
  value: string,
  chain: string | null,
  name: string | null,
  form: boolean,
  depth: number,
  budget: Budget,
  emit: Emit,
  maxChars = MAX_VALUE_CHARS,
): void {
  expand(value, chain, name, form, depth, { budget, emit }, maxChars);
}

function take(w: Walk, piece: Piece): boolean {
  if (!charge(w.budget, piece.value.length)) return false;
  w.budget.pieces--;
  w.emit(piece);
  return true;
}

/** `value` cut to `max` characters; a cut that drops a hint marks the budget. */
export function clipValue(value: string, budget: Budget, max = MAX_VALUE_CHARS): string {
  if (value.length <= max) return value;
  if (hintIn(value, max)) budget.cut = true;
  return value.slice(0, max);
}

function expand(value: string, chain: string | null, name: string | null, form: boolean, depth: number, w: Walk, maxChars = MAX_VALUE_CHARS): void {
  const v = clipValue(value, w.budget, maxChars);
  const layers = [v];
  let cur = v;
  for (let round = 0; round < MAX_PERCENT_DECODE_ROUNDS; round++) {
    if (cur.indexOf('%') < 0 && !(form && round === 0 && cur.indexOf('+') >= 0)) break;
    const next = percentDecode(cur, form);
    if (next === cur) break;
    layers.push(next);
    cur = next;
  }
  for (let i = 0; i < layers.length; i++) {
    if (!take(w, { value: layers[i]!, chain, name, final: i === layers.length - 1 })) return;
  }
  if (depth >= MAX_NEST_DEPTH) return;
  // Structure is read from the first layer that shows it: decoding a whole URL or JSON text
  // before splitting it would turn encoded `&`, `=`, `"` inside its values into separators.
  let handled = false;
  for (const layer of layers) {
    const t = layer.trim();
    if (looksStructured(t)) {
      handled = nest(t, chain, name, depth, w);
      break;
    }
  }
  if (!handled) nest(cur.trim(), chain, name, depth, w);
  if (form && v.indexOf('+') >= 0) {
    // `+` may belong to a base64 value that was not percent-encoded.
    let alt = v;
    for (let round = 0; round < MAX_PERCENT_DECODE_ROUNDS && alt.indexOf('%') >= 0; round++) alt = percentDecode(alt, false);
    alt = alt.trim();
    if (BASE64_RE.test(alt) || JWT_RE.test(alt)) nestBase64(alt, chain, name, depth, w);
  }
}

/** `s` starts with a Mercado Pago credential prefix (`APP_USR-`, `TEST-`, `TG-`). */
export function startsWithMpPrefix(s: string): boolean {
  return s.startsWith('APP_USR-') || s.startsWith('TEST-') || s.startsWith('TG-');
}

function looksStructured(s: string): boolean {
  const c0 = s.charCodeAt(0);
  if (c0 === 123 /* { */ || c0 === 91 /* [ */) {
    const cl = s.charCodeAt(s.length - 1);
    return cl === 125 /* } */ || cl === 93; /* ] */
  }
  return looksLikeUrl(s);
}

/** Follows the structure of `s` (URL, JSON, base64, form string); true when it had one. */
function nest(s: string, chain: string | null, name: string | null, depth: number, w: Walk): boolean {
  if (s.length === 0) return false;
  // A value that is a Mercado Pago credential is not a URL, JSON, base64 or a form string.
  if (startsWithMpPrefix(s)) return false;
  const c0 = s.charCodeAt(0);
  if (looksLikeUrl(s)) {
    const unread: number[] = [];
    const parts = splitUrl(s, 0, unread);
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (w.budget.pieces <= 0) {
        if (hintIn(s, p.from)) w.budget.cut = true;
        break;
      }
      expand(p.value, joinChain(chain, p.name), p.name, p.location !== 'path', depth + 1, w);
    }
    for (let k = 0; k < unread.length; k += 2) if (hintIn(s, unread[k]!, unread[k + 1])) w.budget.cut = true;
    return true;
  }
  if ((c0 === 123 /* { */ || c0 === 91) /* [ */ && s.length <= MAX_JSON_CHARS) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(s);
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined && typeof parsed === 'object' && parsed !== null) {
      const nodes = { left: MAX_JSON_NODES };
      walkJson(parsed, chain, name, depth, 0, nodes, w);
      return true;
    }
  }
  if (BASE64_RE.test(s) || JWT_RE.test(s)) {
    if (nestBase64(s, chain, name, depth, w)) return true;
  }
  if (FORM_RE.test(s)) {
    const parts: Part[] = [];
    const unread: number[] = [];
    splitParams(s, 0, 'query', parts, 0, unread);
    if (unread.length > 0 && hintIn(s, unread[0]!)) w.budget.cut = true;
    for (const p of parts) {
      if (w.budget.pieces <= 0) {
        if (hintIn(s, p.from)) w.budget.cut = true;
        break;
      }
      if (p.name === null) continue;
      expand(p.value, joinChain(chain, p.name), p.name, true, depth + 1, w);
    }
    return true;
  }
  return false;
}

/** Tries `s` (or each segment of a JWT) as base64; true when something decoded. */
function nestBase64(s: string, chain: string | null, name: string | null, depth: number, w: Walk): boolean {
  if (s.length < MIN_BASE64_CHARS || !hasBase64Hint(s)) return false;
  const segments = s.indexOf('.') >= 0 ? s.split('.', 3) : [s];
  let any = false;
  for (const seg of segments) {
    if (seg.length < MIN_BASE64_CHARS && segments.length === 1) continue;
    if (seg.length < 8 || !hasBase64Hint(seg)) continue;
    const decoded = base64Decode(seg);
    if (decoded === null) continue;
    any = true;
    expand(decoded, chain, name, false, depth + 1, w);
  }
  return any;
}

function walkJson(
  node: unknown,
  chain: string | null,
  name: string | null,
  depth: number,
  jsonDepth: number,
  nodes: { left: number },
  w: Walk,
): void {
  if (nodes.left-- <= 0 || w.budget.pieces <= 0 || jsonDepth > MAX_JSON_DEPTH) {
    // Nodes left unwalked: the value was not read in full.
    w.budget.cut = true;
    return;
  }
  if (typeof node === 'string') {
    expand(node, chain, name, false, depth + 1, w);
  } else if (Array.isArray(node)) {
    for (const el of node) {
      if (nodes.left <= 0) {
        w.budget.cut = true;
        return;
      }
      walkJson(el, chain, name, depth, jsonDepth + 1, nodes, w);
    }
  } else if (typeof node === 'object' && node !== null) {
    for (const key of Object.keys(node)) {
      if (nodes.left <= 0) {
        w.budget.cut = true;
        return;
      }
      walkJson((node as Record<string, unknown>)[key], joinChain(chain, key), key, depth, jsonDepth + 1, nodes, w);
    }
  }
}
