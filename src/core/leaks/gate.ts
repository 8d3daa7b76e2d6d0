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
 * - base64/base64url of `APP_USR-`, `TEST-`, `token`, `secret` (every byte alignment) and of `TG-`
 *   at the start of a value. (`TG-` at other alignments leaves only 3 fixed characters, too common to
 *   be a hint; a base64-encoded refresh token normally travels with its `refresh_token` name.)
 */

const PLAIN_HINTS = ['APP_USR', 'TEST-', 'TEST%2', 'TG-', 'TG%2', 'oken', 'OKEN', 'ecret', 'ECRET', 'earer', 'EARER'] as const;
const PERCENT_HINTS = ['%5F', '%5f', '%54', '%255F', '%255f', '%2554'] as const;
/** Fixed characters of base64 encodings of the keywords (derived and checked in the gate tests). */
export const BASE64_HINTS = [
  'QVBQX1VTU', 'FQUF9VU1I', 'BUFBfVVNS', // APP_USR-
  'VEVTVC', 'RFU1Qt', 'URVNUL', // TEST-
  'VEct', // TG- at offset 0
  'G9rZW', 'Rva2Vu', 'b2tlb', // token / Token
  'VE9LRU', 'RPS0VO', 'UT0tFT', // TOKEN
  'VjcmV0', 'Y3Jld', 'ZWNyZX', // secret / Secret
  'U0VDUkVU', 'NFQ1JFV', 'TRUNSRV', // SECRET
] as const;

export const GATE_HINTS: readonly string[] = [...PLAIN_HINTS, ...PERCENT_HINTS, ...BASE64_HINTS];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Non-global, non-sticky: `test` keeps no state between calls.
const GATE_RE = new RegExp(GATE_HINTS.map(escapeRegExp).join('|'));
const BASE64_HINT_RE = new RegExp(BASE64_HINTS.map(escapeRegExp).join('|'));

/**
 * True when `s` may hold a credential. False means: nothing to find, skip all further work.
 * Linear in `s` and allocation-free.
 */
export function quickGate(s: string): boolean {
  return GATE_RE.test(s);
}

/** True when `s` contains the base64 form of a keyword, so decoding it is worth the work. */
export function hasBase64Hint(s: string): boolean {
  return BASE64_HINT_RE.test(s);
}
