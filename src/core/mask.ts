/**
 * Masking of secret values for display and for findings.
 *
 * The known Mercado Pago prefix stays readable, then a few characters from each end:
 * `APP_USR-1234…5678`. For access tokens (`APP_USR-<app id>-<6 digits>-<32 hex>-<user id>`) the
 * first characters come from the random hex part, not from the application number, so two tokens
 * of the same seller and application (before and after a refresh) look different.
 *
 * How much shows: never more than a quarter of the value (after the prefix), at most 4 characters
 * in all below 24 characters and 8 from 24 on, and never so many that fewer than 64 bits of the
 * value stay hidden (4 bits per character when it is hex or digits, 5.9 otherwise). A finding also
 * exports a 64-bit fingerprint, so what is hidden must not be searchable offline. Values of fewer
 * than 16 characters after the prefix show no characters at all.
 */
const PREFIXES = ['APP_USR-', 'TEST-', 'TG-'] as const;
export const ELLIPSIS = '\u2026';
const HIDDEN = '\u2022'.repeat(4);
/**
 * The random part of a whole access token, `value` being `APP_USR-` or `TEST-` (`prefix`
 * characters) then `<10–16 digits>-<6 digits>-<32 lower-case hex>[__XX_XX__]-<6–12 digits>`; else
 * undefined. The same as matching
 * `/^(?:APP_USR|TEST)-\d{10,16}-\d{6}-([0-9a-f]{32})(?:__[A-Z]{2}_[A-Z]{2}__)?-\d{6,12}$/` (a test
 * compares them), read in one pass: every finding's mask asks.
 */
export function accessTokenRandomPart(value: string, prefix: number): string | undefined {
  const n = value.length;
  const digitsFrom = (from: number): number => {
    let j = from;
    while (j < n && isDigit(value.charCodeAt(j))) j++;
    return j - from;
  };
  let i = prefix;
  let d = digitsFrom(i);
  if (d < 10 || d > 16 || value.charCodeAt(i + d) !== 45) return undefined;
  i += d + 1;
  if (digitsFrom(i) !== 6 || value.charCodeAt(i + 6) !== 45) return undefined;
  i += 7;
  const random = i;
  for (; i < random + 32; i++) {
    const c = value.charCodeAt(i); // NaN past the end
    if (!(isDigit(c) || (c >= 97 && c <= 102))) return undefined;
  }
  if (value.charCodeAt(i) === 95) {
    // `__XX_XX__`
    const upper = (k: number): boolean => value.charCodeAt(k) >= 65 && value.charCodeAt(k) <= 90;
    if (value.charCodeAt(i + 1) !== 95 || !upper(i + 2) || !upper(i + 3) || value.charCodeAt(i + 4) !== 95 || !upper(i + 5) || !upper(i + 6)) return undefined;
    if (value.charCodeAt(i + 7) !== 95 || value.charCodeAt(i + 8) !== 95) return undefined;
    i += 9;
  }
  if (value.charCodeAt(i) !== 45) return undefined;
  d = digitsFrom(i + 1);
  return d >= 6 && d <= 12 && i + 1 + d === n ? value.slice(random, random + 32) : undefined;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
/** Hidden bits the mask must leave (the exported fingerprint has 64). */
const MIN_HIDDEN_BITS = 64;

/** Bits per character of `s`: 4 when it is made of hex digits (and separators), 5.9 otherwise. */
function bitsPerChar(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const hex = (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 45 || c === 95 || c === 46;
    if (!hex) return 5.9;
  }
  return 4;
}

/** Characters of a value of `n` characters (after its prefix) that a mask may show. */
export function shownChars(n: number, bits: number): number {
  if (n < 16) return 0;
  const cap = Math.min(Math.floor(n / 4), n < 24 ? 4 : 8, n - Math.ceil(MIN_HIDDEN_BITS / bits));
  return cap > 0 ? cap : 0;
}

function prefixOf(value: string): string {
  for (const p of PREFIXES) if (value.startsWith(p)) return p;
  return '';
}

export function maskSecret(value: string): string {
  const prefix = value.charCodeAt(0) === 65 || value.charCodeAt(0) === 84 /* A T */ ? prefixOf(value) : '';
  const rest = value.slice(prefix.length);
  const each = Math.floor(shownChars(rest.length, bitsPerChar(rest)) / 2);
  if (each === 0) return `${prefix}${HIDDEN}`;
  // Only APP_USR-/TEST- values long enough to hold an access token can be one.
  const random = prefix !== 'TG-' && prefix !== '' && rest.length >= 52 ? accessTokenRandomPart(value, prefix.length) : undefined;
  return `${prefix}${(random ?? rest).slice(0, each)}${ELLIPSIS}${rest.slice(-each)}`;
}
