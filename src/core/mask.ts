/**
 * Masking of secret values for display and for findings.
 *
 * The known Mercado Pago prefix stays readable, then four characters and the last four:
 * `APP_USR-1234…5678`. For access tokens (`APP_USR-<app id>-<6 digits>-<32 hex>-<user id>`) the
 * four characters come from the random hex part, not from the application number, so two tokens
 * of the same seller and application (before and after a refresh) look different.
 * Short values (fewer than 12 characters after the prefix) show no characters at all.
 */
const PREFIXES = ['APP_USR-', 'TEST-', 'TG-'] as const;
export const ELLIPSIS = '\u2026';
const ACCESS_TOKEN = /^(?:APP_USR|TEST)-\d{10,16}-\d{6}-([0-9a-f]{32})(?:__[A-Z]{2}_[A-Z]{2}__)?-\d{6,12}$/;

export function maskSecret(value: string): string {
  const prefix = PREFIXES.find((p) => value.startsWith(p)) ?? '';
  const rest = value.slice(prefix.length);
  if (rest.length < 12) return `${prefix}${'\u2022'.repeat(4)}`;
  // Only APP_USR-/TEST- values long enough to hold an access token can be one.
  const random = prefix !== 'TG-' && prefix !== '' && rest.length >= 52 ? ACCESS_TOKEN.exec(value)?.[1] : undefined;
  return `${prefix}${(random ?? rest).slice(0, 4)}${ELLIPSIS}${rest.slice(-4)}`;
}
