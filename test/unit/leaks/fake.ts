/**
 * Fake credentials for tests, built at run time from a seed so the repository holds no
 * credential-shaped literals. Same shapes as the real ones (see MERCADOPAGO.md).
 */

function rng(seed: number): () => number {
  let a = seed >>> 0 || 1;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(r: () => number, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

const DIGITS = '0123456789';
const HEX = '0123456789abcdef';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export interface AccessTokenOptions {
  prefix?: 'APP_USR' | 'TEST';
  appIdDigits?: number;
  legacy?: string;
  userIdDigits?: number;
}

export function fakeAccessToken(seed = 1, o: AccessTokenOptions = {}): string {
  const r = rng(seed * 7919 + 1);
  const app = '1' + pick(r, DIGITS, (o.appIdDigits ?? 16) - 1);
  const date = pick(r, DIGITS, 6);
  const hash = pick(r, HEX, 32);
  const user = '2' + pick(r, DIGITS, (o.userIdDigits ?? 9) - 1);
  return [o.prefix ?? 'APP_USR', app, date, `${hash}${o.legacy ?? ''}`, user].join('-');
}

export function fakePublicKey(seed = 1, prefix: 'APP_USR' | 'TEST' = 'APP_USR'): string {
  const r = rng(seed * 104729 + 3);
  return `${prefix}-${[8, 4, 4, 4, 12].map((n) => pick(r, HEX, n)).join('-')}`;
}

export function fakeTg(seed = 1): string {
  const r = rng(seed * 1299709 + 5);
  return ['TG', pick(r, HEX, 24), '3' + pick(r, DIGITS, 8)].join('-');
}

export function fakeClientSecret(seed = 1): string {
  const r = rng(seed * 15485863 + 7);
  // Always letters and digits mixed.
  return pick(r, ALNUM, 30) + 'a7';
}

export function fakeJwt(seed = 1): string {
  const r = rng(seed * 32452843 + 11);
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  return `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(`{"sub":"${pick(r, DIGITS, 8)}","iat":1700000000}`)}.${pick(r, ALNUM, 43)}`;
}

export function fakeOpaqueToken(seed = 1, n = 40): string {
  return pick(rng(seed * 49979687 + 13), ALNUM, n);
}
