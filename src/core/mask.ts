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
const ACCESS_TOKEN = /^(?:APP_USR|TEST)-\d{10,16}-\d{6}-([0-9a-f]{32})(?:__[A-Z]{2}_[A-Z]{2}__)?-\d{6,12}$/;
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
  const random = prefix !== 'TG-' && prefix !== '' && rest.length >= 52 ? ACCESS_TOKEN.exec(value)?.[1] : undefined;
  return `${prefix}${(random ?? rest).slice(0, each)}${ELLIPSIS}${rest.slice(-each)}`;
}
