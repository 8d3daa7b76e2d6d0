/**
 * Masking of secret values for display and for findings.
 *
 * `APP_USR-1234567890123456-…-241983636` → `APP_USR-1234…3636`.
 * The known Mercado Pago prefix stays readable, then the first four and last four characters
 * of the rest. Short values (fewer than 12 characters after the prefix) show no characters at all.
 */
const PREFIXES = ['APP_USR-', 'TEST-', 'TG-'] as const;
export const ELLIPSIS = '\u2026';

export function maskSecret(value: string): string {
  const prefix = PREFIXES.find((p) => value.startsWith(p)) ?? '';
  const rest = value.slice(prefix.length);
  if (rest.length < 12) return `${prefix}${'\u2022'.repeat(4)}`;
  return `${prefix}${rest.slice(0, 4)}${ELLIPSIS}${rest.slice(-4)}`;
}
