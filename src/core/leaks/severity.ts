/**
 * Severity from credential kind × location, and the fix for each finding.
 *
 * | kind \ location     | query, fragment, path, location | referer  | authorization | body     |
 * | ------------------- | ------------------------------- | -------- | ------------- | -------- |
 * | access_token        | critical                        | critical | critical      | critical |
 * | public_key          | info                            | info     | info          | info     |
 * | authorization_code  | info                            | warning  | info          | info     |
 * | refresh_token       | critical                        | critical | critical      | critical |
 * | client_secret       | critical                        | critical | critical      | critical |
 * | bearer_token        | warning                         | warning  | warning       | info     |
 *
 * An access token in the `public_key` slot is an access token in a URL: critical, with its own fix.
 */
import type { CredentialKind, FixId, Location, Severity } from './types';
import { ACCESS_TOKEN_IN_PUBLIC_KEY_SLOT_RULE_ID } from './rules/access-token';

const URL_LOCATIONS: ReadonlySet<Location> = new Set<Location>(['query', 'fragment', 'path', 'location']);

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, critical: 2 };

export function severityOf(kind: CredentialKind, location: Location): Severity {
  switch (kind) {
    case 'access_token':
    case 'refresh_token':
    case 'client_secret':
      return 'critical';
    case 'public_key':
      return 'info';
    case 'authorization_code':
      return location === 'referer' ? 'warning' : 'info';
    case 'bearer_token':
      return location === 'body' ? 'info' : 'warning';
  }
}

export const FIX_TEXT: Readonly<Record<FixId, string>> = {
  move_to_authorization_header:
    'Send the access token only from your backend in the Authorization: Bearer header, never in a URL, and renew it in the developer panel because it has been exposed.',
  strip_token_from_page_url:
    'Remove the access token from the page URL, which sent it to another site in the Referer header, set Referrer-Policy: no-referrer, and renew the token.',
  move_call_to_backend:
    'Call Mercado Pago from your backend instead of the web page, because a private access token in frontend code is readable by every visitor, and renew it.',
  keep_token_on_backend:
    'Keep the access token on your backend so it never travels through the browser, and renew it in the developer panel because it has been exposed.',
  use_public_key:
    'Put the public key (APP_USR- followed by a UUID) in frontend code instead of the access token, and renew the exposed access token.',
  scrub_from_text:
    'Remove the credential from this text and mask credentials before they are logged or shared, then renew it because anyone who read the text can use it.',
  public_key_ok: 'Public keys are meant for frontend code, so no action is needed unless an access token was expected here.',
  exchange_code_promptly:
    'Authorization codes arrive in the redirect by design, so exchange this one once on your backend within 10 minutes, with PKCE.',
  strip_code_from_url:
    'After the OAuth callback, redirect to a URL without the code and set Referrer-Policy: no-referrer so the code does not reach other sites.',
  keep_refresh_token_on_backend:
    'Keep refresh tokens on your backend only, and refresh this one once from there so the exposed token is spent.',
  rotate_client_secret:
    'Renew the client secret in the developer panel and use it only from your backend, because it must never travel through the browser.',
  move_bearer_to_header:
    'Send bearer tokens in the Authorization header instead of the URL, where history, logs and Referer headers keep them.',
  review_bearer_in_body:
    'Check that this token is meant to be sent from the browser, and keep long-lived tokens on your backend.',
  not_fully_scanned:
    "Part of this request or line is past the scanner's size limits and was not checked for credentials: keep credentials out of large URLs and bodies, and send them only from your backend.",
};

/**
 * The fix for a finding. `inText` is true for credentials found in free text outside any URL
 * (logs, files) when scanning text rather than a request.
 */
export function fixFor(kind: CredentialKind, location: Location, rule: string, inText: boolean): FixId {
  switch (kind) {
    case 'access_token':
      if (rule === ACCESS_TOKEN_IN_PUBLIC_KEY_SLOT_RULE_ID) return 'use_public_key';
      if (inText) return 'scrub_from_text';
      if (URL_LOCATIONS.has(location)) return 'move_to_authorization_header';
      if (location === 'referer') return 'strip_token_from_page_url';
      if (location === 'authorization') return 'move_call_to_backend';
      return 'keep_token_on_backend';
    case 'public_key':
      return 'public_key_ok';
    case 'authorization_code':
      return location === 'referer' ? 'strip_code_from_url' : 'exchange_code_promptly';
    case 'refresh_token':
      return inText ? 'scrub_from_text' : 'keep_refresh_token_on_backend';
    case 'client_secret':
      return inText ? 'scrub_from_text' : 'rotate_client_secret';
    case 'bearer_token':
      if (inText) return 'scrub_from_text';
      return location === 'body' || location === 'authorization' ? 'review_bearer_in_body' : 'move_bearer_to_header';
  }
}
