/**
 * The cheap pre-filter. A string that passes none of these hints cannot hold anything a rule
 * reports, in plain form, percent-encoded, double-encoded or base64-encoded, so the engine stops
 * there before parsing or running any other regular expression.
 *
 * Hints:
 * - Mercado Pago prefixes: `APP_USR`, `TEST-`, `TG-` (and `TEST%2D`, `TG%2D`, double-encoded forms);
 * - parameter names that rules care about: `…token…`, `…secret…` in any common case, and `Bearer`
 *   (an `Authorization: Bearer …` header written in a log);
 * - an encoded underscore or `T` (`%5F`, `%54`, `%255F`, `%2554`), which is how a fully encoded
 *   `APP_USR-…`, `TEST-…`, `TG-…` or `access_token` looks;
 * - base64/base64url of `APP_USR-`, `TEST-`, `token`/`Token`, `secret`/`Secret` (every byte
 *   alignment) and of `TG-` at the start of a value. Not hinted: `TG-` at other alignments (only 3
 *   fixed characters, too common; an encoded refresh token travels with its `refresh_token` name)
 *   and upper-case `TOKEN`/`SECRET` (rare as JSON keys, and the hints cost scanning time; a Mercado
 *   Pago token under such a key is still caught by its `APP_USR-`/`TEST-` hint).
 */

const PLAIN_HINTS = ['APP_USR', 'TEST-', 'TEST%2', 'TG-', 'TG%2', 'oken', 'OKEN', 'ecret', 'ECRET', 'Bearer', 'bearer', 'BEARER'] as const;
const PERCENT_HINTS = ['%5F', '%5f', '%54', '%255F', '%255f', '%2554'] as const;
/** Fixed characters of base64 encodings of the keywords (derived and checked in the gate tests). */
export const BASE64_HINTS = [
  'QVBQX1VTU', 'FQUF9VU1I', 'BUFBfVVNS', // APP_USR-
  'VEVTVC', 'RFU1Qt', 'URVNUL', // TEST-
  'VEct', // TG- at offset 0
  'G9rZW', 'Rva2Vu', 'b2tlb', // token / Token
  'VjcmV0', 'Y3Jld', 'ZWNyZX', // secret / Secret
] as const;

export const GATE_HINTS: readonly string[] = [...PLAIN_HINTS, ...PERCENT_HINTS, ...BASE64_HINTS];

// Non-global, non-sticky: `test` keeps no state between calls. Two expressions of plain literals,
// because the engine scans them faster than a chain of indexOf calls or a character loop (measured
// on the benchmark corpus), and splitting the long base64 literals from the short name hints halves
// the cost. No rule or parsing expression runs before this gate says yes.
const NAME_AND_PREFIX_RE =
  /[oO][kK][eE][nN]|[eE][cC][rR][eE][tT]|[bB][eE][aA][rR][eE][rR]|APP_USR|T(?:EST|G)[-%]|%(?:25)?5[Ff4]/;
/** BASE64_HINTS grouped by first character, which the engine scans faster (checked in tests). */
const BASE64_HINT_RE = /Q(?:VBQX1VTU)|F(?:QUF9VU1I)|B(?:UFBfVVNS)|V(?:EVTVC|Ect|jcmV0)|R(?:FU1Qt|va2Vu)|URVNUL|G9rZW|b2tlb|Y3Jld|ZWNyZX/;

/**
 * True when `s` may hold a credential. False means: nothing to find, skip all further work.
 * Matches every entry of GATE_HINTS (names in any case, so a superset). Linear, allocation-free.
 */
export function quickGate(s: string): boolean {
  return NAME_AND_PREFIX_RE.test(s) || BASE64_HINT_RE.test(s);
}

/**
 * Index of the first hint in `s`, or -1 (then `quickGate(s)` is false). Nothing before it can be
 * part of a credential or of a name the rules care about.
 */
export function firstHintIndex(s: string): number {
  const a = s.search(NAME_AND_PREFIX_RE);
  const b = (a < 0 ? s : s.slice(0, a)).search(BASE64_HINT_RE);
  return b >= 0 ? b : a;
}

/** True when `s` contains the base64 form of a keyword, so decoding it is worth the work. */
export function hasBase64Hint(s: string): boolean {
  return BASE64_HINT_RE.test(s);
}
