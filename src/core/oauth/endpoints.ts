/**
 * OAuth endpoints: the production defaults per country, and validation of custom ones
 * (an `https://` URL, or a loopback `http://` URL for the local sandbox — nothing else).
 */
import { API_BASE, authHostFor, type SiteId } from '../sites';

export interface Endpoints {
  /** Full URL of the authorization page, e.g. `https://auth.mercadopago.com.ar/authorization`. */
  authorization: string;
  /** Full URL of the token endpoint, e.g. `https://api.mercadopago.com/oauth/token`. */
  token: string;
  /** API base for `/users/me`, e.g. `https://api.mercadopago.com`. */
  api: string;
}

export const ENDPOINT_KEYS = ['authorization', 'token', 'api'] as const;
export type EndpointKey = (typeof ENDPOINT_KEYS)[number];

/** Production endpoints for a country; the generic `auth.mercadopago.com` when none is given. */
export function defaultEndpoints(siteId?: SiteId | null): Endpoints {
  return {
    authorization: `https://${authHostFor(siteId)}/authorization`,
    token: `${API_BASE}/oauth/token`,
    api: API_BASE,
  };
}

/** Defaults for the country, overridden by whatever custom endpoints are set. */
export function resolveEndpoints(siteId: SiteId | null | undefined, custom?: Partial<Endpoints>): Endpoints {
  const base = defaultEndpoints(siteId);
  return {
    authorization: custom?.authorization || base.authorization,
    token: custom?.token || base.token,
    api: custom?.api || base.api,
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** True for `http://127.0.0.1…`, `http://[::1]…` and `http://localhost…` only. */
export function isLoopbackHttp(url: string | URL): boolean {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return false;
  }
  return u.protocol === 'http:' && LOOPBACK_HOSTS.has(u.hostname.toLowerCase());
}

export type ParsedEndpoint = { ok: true; url: string } | { ok: false; code: 'endpoint_invalid' | 'endpoint_not_https' };

/**
 * Validates a custom endpoint typed by the user.
 * Accepts absolute `https://` URLs and loopback `http://` URLs without credentials, query or fragment.
 * Returns the normalized URL (`URL.href`).
 */
export function parseCustomEndpoint(input: string): ParsedEndpoint {
  if (typeof input !== 'string') return { ok: false, code: 'endpoint_invalid' };
  const trimmed = input.trim();
  if (!trimmed || /\s/.test(trimmed) || trimmed.length > 2048) return { ok: false, code: 'endpoint_invalid' };
  let u: URL;
  try {
    u = new URL(trimmed);
  } catch {
    return { ok: false, code: 'endpoint_invalid' };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { ok: false, code: 'endpoint_invalid' };
  if (!u.hostname || u.username || u.password || u.search || u.hash || trimmed.endsWith('?') || trimmed.endsWith('#')) {
    return { ok: false, code: 'endpoint_invalid' };
  }
  if (u.protocol === 'http:' && !isLoopbackHttp(u)) return { ok: false, code: 'endpoint_not_https' };
  return { ok: true, url: u.href };
}

/** `https:`, or loopback `http:`: the only URLs this extension sends OAuth requests to. */
export function isAllowedEndpoint(url: string): boolean {
  return parseCustomEndpoint(url).ok;
}

/** `<api>/users/me`, keeping any path prefix of the API base. */
export function usersMeUrl(api: string): string {
  return `${api.replace(/\/+$/, '')}/users/me`;
}

/**
 * A redirect URI is "static" when it has no query and no fragment (Mercado Pago compares it exactly;
 * per-attempt data belongs in `state`).
 */
export function isStaticRedirectUri(uri: string): boolean {
  try {
    const u = new URL(uri);
    return !u.search && !u.hash && !uri.includes('?') && !uri.includes('#');
  } catch {
    return false;
  }
}
