import type { SandboxApp, SandboxSeller, SiteId } from './types';

/** Test sellers from three countries. Ids are not real Mercado Pago accounts. */
export const DEFAULT_SELLERS: readonly SandboxSeller[] = Object.freeze([
  Object.freeze({
    userId: '318273645',
    nickname: 'TIENDAPALERMO',
    siteId: 'MLA',
    email: 'test_user_318273645@testuser.com',
    firstName: 'Lucía',
    lastName: 'Fernández',
  }),
  Object.freeze({
    userId: '502918374',
    nickname: 'LOJADAPRAIA',
    siteId: 'MLB',
    email: 'test_user_502918374@testuser.com',
    firstName: 'João',
    lastName: 'Silva',
  }),
  Object.freeze({
    userId: '771203948',
    nickname: 'ABARROTESCOYOACAN',
    siteId: 'MLM',
    email: 'test_user_771203948@testuser.com',
    firstName: 'María',
    lastName: 'Hernández',
  }),
]) as readonly SandboxSeller[];

/** Owner of the default application (a developer account, not one of the sellers). */
export const DEFAULT_OWNER_USER_ID = '190837465';

/** This sandbox's own fake secret: printing it is fine, it opens nothing real. */
export const DEFAULT_CLIENT_SECRET = 'sbx0DemoSecret7f3a9c1e5b2d4f6a8c';

export const DEFAULT_APPS: readonly SandboxApp[] = Object.freeze([
  Object.freeze({
    name: 'Sandbox App',
    clientId: '1234567890123456',
    clientSecret: DEFAULT_CLIENT_SECRET,
    redirectUris: Object.freeze([]) as unknown as string[],
    pkce: true,
    ownerUserId: DEFAULT_OWNER_USER_ID,
  }),
]) as readonly SandboxApp[];

export const SITE_COUNTRY: Readonly<Record<SiteId, string>> = Object.freeze({
  MLA: 'AR',
  MLB: 'BR',
  MLC: 'CL',
  MLM: 'MX',
  MLU: 'UY',
  MCO: 'CO',
  MPE: 'PE',
});

export const SITE_CURRENCY: Readonly<Record<SiteId, string>> = Object.freeze({
  MLA: 'ARS',
  MLB: 'BRL',
  MLC: 'CLP',
  MLM: 'MXN',
  MLU: 'UYU',
  MCO: 'COP',
  MPE: 'PEN',
});

export const SITE_IDS = Object.keys(SITE_COUNTRY) as SiteId[];

/** Lifetimes (ms, sandbox clock). */
export const CODE_TTL_MS = 10 * 60 * 1000;
export const ACCESS_TTL_S = 15_552_000; // 180 days
export const CLIENT_CREDENTIALS_TTL_S = 21_600; // 6 hours
export const REFRESH_TTL_MS = ACCESS_TTL_S * 1000;
export const PENDING_AUTH_TTL_MS = 30 * 60 * 1000;
export const SCOPE = 'offline_access read write';
