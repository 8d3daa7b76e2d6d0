/**
 * The cheap pre-filter. A string that passes none of these hints cannot hold anything a rule
 * reports, in plain form, percent-encoded, double-encoded or base64-encoded, so the engine stops
 * there before parsing or running any other regular expression.
 *
 * Hints:
 * - Mercado Pago prefixes: `APP_USR`, `TEST-`, `TG-` (and `TEST%2D`, `TG%2D`, double-encoded forms);
 * - parameter names that rules care about: `…token…`, `…secret…` in any common case, and `Bearer`
 *   (an `Authorization: Bearer …` header written in a log). `token` and `secret` are weak hints:
 *   `csrf_token`, `page_token` or `/api/tokens/` are everywhere and mean nothing. A string whose
 *   only hints are weak passes only if it also holds a name a rule judges (`access…token`,
 *   `refresh…token`, `id…token`, `client…secret`, `app…secret`, `secret…key`, any case and
 *   separator), or a `%` or `\` (an encoded or escaped name could hide there);
 * - an encoded underscore or `T` (`%5F`, `%54`, `%255F`, `%2554`), which is how a fully encoded
 *   `APP_USR-…`, `TEST-…`, `TG-…` or `access_token` looks;
 * - base64/base64url of `APP_USR-`, `TEST-`, `token`/`Token`, `secret`/`Secret` (every byte
 *   alignment) and of `TG-` at the start of a value. Not hinted: `TG-` at other alignments (only 3
 *   fixed characters, too common; an encoded refresh token travels with its `refresh_token` name)
 *   and upper-case `TOKEN`/`SECRET` (rare as JSON keys, and the hints cost scanning time; a Mercado
 *   Pago token under such a key is still caught by its `APP_USR-`/`TEST-` hint).
 */

const PLAIN_HINTS = ['APP_USR', 'TEST-', 'TEST%2', 'TG-', 'TG%2', 'Bearer', 'bearer', 'BEARER'] as const;
/** Hints that count only when the string also shows a judged name (or `%`, `\\`): see firstHintIndex. */
export const WEAK_HINTS = ['token', 'Token', 'TOKEN', 'secret', 'Secret', 'SECRET'] as const;
const PERCENT_HINTS = ['%5F', '%5f', '%54', '%255F', '%255f', '%2554'] as const;
/** Fixed characters of base64 encodings of the keywords (derived and checked in the gate tests). */
export const BASE64_HINTS = [
  'QVBQX1VTU', 'FQUF9VU1I', 'BUFBfVVNS', // APP_USR-
  'VEVTVC', 'RFU1Qt', 'URVNUL', // TEST-
  'VEct', // TG- at offset 0
  'G9rZW', 'Rva2Vu', 'b2tlb', // token / Token
  'VjcmV0', 'Y3Jld', 'ZWNyZX', // secret / Secret
] as const;

/** Each of these alone makes the gate say yes. */
export const GATE_HINTS: readonly string[] = [...PLAIN_HINTS, ...PERCENT_HINTS, ...BASE64_HINTS];

// Non-global, non-sticky: `test` keeps no state between calls. No rule or parsing expression runs
// before this gate says yes. The words are written whole (`token`, not `oken`): longer
// alternatives let the engine skip more of the string (a quarter faster on the benchmark corpus),
// and then one expression for every hint beats two passes, a chain of indexOf calls or a
// character loop (measured there too).
const NAME_AND_PREFIX_RE =
  /[tT][oO][kK][eE][nN]|[sS][eE][cC][rR][eE][tT]|[bB][eE][aA][rR][eE][rR]|APP_USR|T(?:EST|G)[-%]|%(?:25)?5[Ff4]/;
/** BASE64_HINTS grouped by first character, which the engine scans faster (checked in tests). */
const BASE64_HINT_RE = /Q(?:VBQX1VTU)|F(?:QUF9VU1I)|B(?:UFBfVVNS)|V(?:EVTVC|Ect|jcmV0)|R(?:FU1Qt|va2Vu)|URVNUL|G9rZW|b2tlb|Y3Jld|ZWNyZX/;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** `s` holds `word` (lower case) ending just before index `end`, compared without case. */
function endsWithAt(s: string, end: number, word: string): boolean {
  const from = end - word.length;
  if (from < 0) return false;
  for (let k = 0; k < word.length; k++) if ((s.charCodeAt(from + k) | 32) !== word.charCodeAt(k)) return false;
  return true;
}

/** Index just before the run of separators (not letters or digits) that ends before `end`. */
function skipSeparatorsBack(s: string, end: number): number {
  let j = end;
  while (j > 0 && !isAlnum(s.charCodeAt(j - 1))) j--;
  return j;
}

/**
 * The weak word at `i` (`token` or `secret`, any case) is part of a name a rule judges: `access`,
 * `refresh` or `id` then `token`; `client` or `app` then `secret`; `secret` then `key` — any case,
 * any run of separators between the words (`accessToken`, `ACCESS_TOKEN`, `access-token`). A
 * superset of what nameWords()/wordsEndWith() accept in the rules.
 */
function weakWordNamesRule(s: string, i: number): boolean {
  const j = skipSeparatorsBack(s, i);
  if ((s.charCodeAt(i) | 32) === 116 /* t: token */) {
    return endsWithAt(s, j, 'access') || endsWithAt(s, j, 'refresh') || endsWithAt(s, j, 'id');
  }
  // s: secret
  if (endsWithAt(s, j, 'client') || endsWithAt(s, j, 'app')) return true;
  let k = i + 6;
  while (k < s.length && !isAlnum(s.charCodeAt(k))) k++;
  return k + 3 <= s.length && (s.charCodeAt(k) | 32) === 107 && (s.charCodeAt(k + 1) | 32) === 101 && (s.charCodeAt(k + 2) | 32) === 121; // key
}

/** Every hint, weak or strong, in one expression. */
const ALL_HINTS_RE = new RegExp(`${NAME_AND_PREFIX_RE.source}|${BASE64_HINT_RE.source}`);

/**
 * A string whose first hint, at `a`, is a weak word is worth a scan only if it also holds a strong
 * hint, a weak word that is part of a judged name, a base64 hint, or an escape (`%`, `\\`) that
 * could hide any of these.
 */
function weakHintBackedUp(s: string, a: number): boolean {
  if (weakWordNamesRule(s, a)) return true;
  // Two quick searches here, rather than a one-character alternative in ALL_HINTS_RE, which
  // would stop the engine from skipping ahead.
  if (s.indexOf('%') >= 0 || s.indexOf('\\') >= 0) return true;
  for (let from = a + 1; from < s.length; ) {
    const i = s.slice(from).search(ALL_HINTS_RE);
    if (i < 0) return false;
    const at = from + i;
    if (!isWeakHintAt(s, at) || weakWordNamesRule(s, at)) return true;
    from = at + 1;
  }
  return false;
}

/**
 * True when `s` may hold a credential. False means: nothing to find, skip all further work.
 * Linear in the length of `s`.
 */
export function quickGate(s: string): boolean {
  return firstHintIndex(s) >= 0;
}

/**
 * Index of the first hint in `s`, weak or strong, or -1. Nothing before it can be part of a
 * credential or of a name the rules care about. For a block of many lines, where the refinement of
 * weak hints must be made line by line (see isWeakHintAt).
 */
export function firstRawHintIndex(s: string): number {
  return s.search(ALL_HINTS_RE);
}

/** The hint firstRawHintIndex() found at `i` is a weak word (`token`, `secret`, any case). */
export function isWeakHintAt(s: string, i: number): boolean {
  // Of the two hint expressions' alternatives, only the weak words start with `s`/`S`, or with
  // `t`/`T` then `o`/`O` (`TEST`, `TG` are strong).
  const c = s.charCodeAt(i) | 32;
  return c === 115 || (c === 116 && (s.charCodeAt(i + 1) | 32) === 111);
}

/**
 * Index of the first hint in `s`, or -1 (then `quickGate(s)` is false). Nothing before it can be
 * part of a credential or of a name the rules care about.
 */
export function firstHintIndex(s: string): number {
  const a = firstRawHintIndex(s);
  return a < 0 ? -1 : firstHintIndexFrom(s, a);
}

/**
 * firstHintIndex(s) when the first raw hint of `s` is already known to be at `a` (what
 * firstRawHintIndex(s) returns, ≥ 0): a block scan that found it need not search the line again.
 */
export function firstHintIndexFrom(s: string, a: number): number {
  if (!isWeakHintAt(s, a)) return a;
  return weakHintBackedUp(s, a) ? a : -1;
}

/** True when `s` contains the base64 form of a keyword, so decoding it is worth the work. */
export function hasBase64Hint(s: string): boolean {
  return BASE64_HINT_RE.test(s);
}
