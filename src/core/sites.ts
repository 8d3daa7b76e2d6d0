/**
 * Mercado Pago countries ("sites"): their domains, OAuth authorization hosts and developer-panel links.
 *
 * `country` is the English name; the UI localizes by `id`.
 */

export const SITE_IDS = ['MLA', 'MLB', 'MLC', 'MLM', 'MLU', 'MCO', 'MPE'] as const;
export type SiteId = (typeof SITE_IDS)[number];

export interface Site {
  readonly id: SiteId;
  /** English country name (the UI localizes by `id`). */
  readonly country: string;
  /** Domain suffix after `mercadopago`, e.g. `.com.ar`. */
  readonly domain: string;
  /** Host of the authorization page, e.g. `auth.mercadopago.com.ar`. */
  readonly authHost: string;
  /** The developer panel's application list. */
  readonly panelUrl: string;
}

function site(id: SiteId, country: string, domain: string): Site {
  return Object.freeze({
    id,
    country,
    domain,
    authHost: `auth.mercadopago${domain}`,
    panelUrl: `https://www.mercadopago${domain}/developers/panel/app`,
  });
}

export const SITES: Readonly<Record<SiteId, Site>> = Object.freeze({
  MLA: site('MLA', 'Argentina', '.com.ar'),
  MLB: site('MLB', 'Brazil', '.com.br'),
  MLC: site('MLC', 'Chile', '.cl'),
  MLM: site('MLM', 'Mexico', '.com.mx'),
  MLU: site('MLU', 'Uruguay', '.com.uy'),
  MCO: site('MCO', 'Colombia', '.com.co'),
  MPE: site('MPE', 'Peru', '.com.pe'),
});

/** Base of the Mercado Pago API (`/oauth/token`, `/users/me`); the same for every country. */
export const API_BASE = 'https://api.mercadopago.com';

/** The generic authorization host, used when no country is known. */
export const GENERIC_AUTH_HOST = 'auth.mercadopago.com';
/** The generic developer panel. */
export const GENERIC_PANEL_URL = 'https://www.mercadopago.com/developers/panel/app';

export function isSiteId(x: unknown): x is SiteId {
  return typeof x === 'string' && (SITE_IDS as readonly string[]).includes(x);
}

/** The site for an id, or `null` for anything that is not a known site id. */
export function getSite(id: unknown): Site | null {
  return isSiteId(id) ? SITES[id] : null;
}

/** Authorization host for a site, falling back to the generic `auth.mercadopago.com`. */
export function authHostFor(id: SiteId | null | undefined): string {
  return id && isSiteId(id) ? SITES[id].authHost : GENERIC_AUTH_HOST;
}

/** Developer-panel link for a site, falling back to the generic one. */
export function panelUrlFor(id: SiteId | null | undefined): string {
  return id && isSiteId(id) ? SITES[id].panelUrl : GENERIC_PANEL_URL;
}
