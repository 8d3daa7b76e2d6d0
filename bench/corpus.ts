/**
 * Deterministic corpus of realistic browser-traffic URLs with planted credential leaks, for the
 * benchmarks. Same seed, same corpus, on every machine.
 *
 * Benign traffic mixes static assets, analytics beacons (long, percent-encoded), REST calls,
 * search pages, social redirectors with nested URLs, ad clicks with base64-ish ids, Mercado Pago's
 * own normal traffic (public keys in queries, OAuth authorize URLs, callbacks with a `code`), and
 * names that look risky but are not credentials (`csrf_token`, `page_token`, `/api/tokens/123`).
 *
 * Planted leaks (about 1% of lines) come in the forms seen in the wild: access tokens in a query
 * (mid-URL and last), in a fragment, in a path, in the `public_key` slot, nested and double-encoded
 * in a redirect, base64url JSON in `state`; legacy `__XX_XX__` tokens; refresh tokens; client
 * secrets; JWT and opaque bearer tokens under OAuth names.
 */

export type LeakKind = 'access_token' | 'refresh_token' | 'client_secret' | 'bearer_token';

export interface PlantedLeak {
  /** 0-based index of the line in the corpus. */
  line: number;
  kind: LeakKind;
  /** Short name of the form, for per-form recall. */
  form: string;
  secret: string;
}

export interface Corpus {
  lines: string[];
  leaks: PlantedLeak[];
  /** Lines that carry expected, non-secret Mercado Pago values (public keys, authorization codes). */
  informational: number;
}

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEX = '0123456789abcdef';
const DIGITS = '0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64URL = `${ALNUM}-_`;

class Gen {
  constructor(readonly r: () => number) {}
  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
  digits(n: number): string {
    return String(1 + this.int(9)) + this.chars(DIGITS, n - 1);
  }
  word(): string {
    return this.pick(WORDS);
  }
  accessToken(prefix = 'APP_USR', legacy = ''): string {
    return [prefix, this.digits(10 + this.int(7)), this.chars(DIGITS, 6), this.chars(HEX, 32) + legacy, this.digits(6 + this.int(5))].join('-');
  }
  publicKey(): string {
    return `APP_USR-${[8, 4, 4, 4, 12].map((n) => this.chars(HEX, n)).join('-')}`;
  }
  tg(): string {
    return `TG-${this.chars(HEX, 24)}-${this.digits(9)}`;
  }
  clientSecret(): string {
    return this.chars(ALNUM, 30) + this.chars(DIGITS, 1) + this.chars('abcdefghijklmnopqrstuvwxyz', 1);
  }
  jwt(): string {
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    return `${b64('{"alg":"RS256","typ":"JWT"}')}.${b64(`{"sub":"${this.digits(8)}","aud":"app","exp":${1_700_000_000 + this.int(1e7)}}`)}.${this.chars(B64URL, 86)}`;
  }
}

const WORDS = [
  'zapatillas', 'celular', 'notebook', 'camisa', 'heladera', 'bicicleta', 'auriculares', 'mochila', 'reloj', 'cafetera',
  'tenis', 'fone', 'geladeira', 'sofa', 'livro', 'juguete', 'perfume', 'monitor', 'teclado', 'silla',
];
const SHOPS = ['tienda-sol', 'lojadopedro', 'mercadito', 'elektro-ar', 'modafina', 'casa-bonita', 'tecnoshop', 'verdulandia'];
const TLDS = ['.com', '.com.ar', '.com.br', '.com.mx', '.cl', '.com.co'];

function benign(g: Gen): { url: string; info: boolean } {
  const shop = `https://www.${g.pick(SHOPS)}${g.pick(TLDS)}`;
  switch (g.int(16)) {
    case 0:
    case 1:
      return { url: `https://cdn.${g.pick(SHOPS)}.net/static/${g.pick(['js', 'css', 'img'])}/${g.word()}.${g.chars(HEX, 8)}.${g.pick(['js', 'css', 'webp', 'png'])}`, info: false };
    case 2:
    case 3:
      return {
        url:
          `https://www.google-analytics.com/g/collect?v=2&tid=G-${g.chars(ALNUM, 10).toUpperCase()}&gtm=45je${g.chars(HEX, 6)}&_p=${g.digits(10)}` +
          `&cid=${g.digits(9)}.${g.digits(10)}&ul=es-ar&sr=1920x1080&dl=${encodeURIComponent(`${shop}/p/${g.word()}-${g.digits(6)}?ref=home`)}` +
          `&dt=${encodeURIComponent(`${g.word()} ${g.word()} | Tienda`)}&en=page_view&_et=${g.int(5000)}`,
        info: false,
      };
    case 4:
    case 5:
      return { url: `https://api.${g.pick(SHOPS)}.com/v${1 + g.int(3)}/orders/${g.digits(8)}/items?page=${g.int(20)}&per_page=50&sort=${g.pick(['price', '-date', 'name'])}`, info: false };
    case 6:
      return { url: `${shop}/search?q=${encodeURIComponent(`${g.word()} ${g.word()} usado`).replace(/%20/g, '+')}&category=MLA${g.digits(4)}&price=${g.int(100)}-${100 + g.int(900)}`, info: false };
    case 7:
      return { url: `https://l.facebook.com/l.php?u=${encodeURIComponent(`${shop}/promo/${g.word()}?utm_source=fb&utm_campaign=${g.word()}`)}&h=AT${g.chars(B64URL, 40)}&s=1`, info: false };
    case 8:
      return { url: `${shop}/p/${g.word()}-${g.digits(6)}?gclid=${g.chars(B64URL, 60)}&fbclid=IwAR${g.chars(B64URL, 56)}`, info: false };
    case 9:
      return { url: `${shop}/account/settings?csrf_token=${g.chars(ALNUM, 40)}&tab=${g.pick(['profile', 'security', 'addresses'])}`, info: false };
    case 10:
      return { url: `https://api.${g.pick(SHOPS)}.com/v1/feed?page_token=${g.chars(B64URL, 32)}&nextPageToken=${g.chars(ALNUM, 24)}&limit=20`, info: false };
    case 11:
      return { url: `https://api.${g.pick(SHOPS)}.com/api/tokens/${g.digits(6)}/status`, info: false };
    case 12:
      return { url: `https://api.mercadopago.com/v1/payment_methods/installments?public_key=${g.publicKey()}&amount=${g.int(90000)}&bin=${g.digits(8)}`, info: true };
    case 13:
      return {
        url:
          `https://auth.mercadopago.com${g.pick(['', '.ar', '.br', '.mx'])}/authorization?client_id=${g.digits(16)}&response_type=code&platform_id=mp` +
          `&state=${g.chars(HEX, 32)}&redirect_uri=${encodeURIComponent(`${shop}/oauth/callback`)}&code_challenge=${g.chars(B64URL, 43)}&code_challenge_method=S256`,
        info: false,
      };
    case 14:
      return { url: `${shop}/oauth/callback?code=${g.tg()}&state=${g.chars(HEX, 32)}`, info: true };
    default:
      return { url: `${shop}/${g.pick(['ofertas', 'carrito', 'checkout', 'ayuda'])}/${g.word()}?session=${g.chars(HEX, 24)}&lang=${g.pick(['es', 'pt', 'en'])}`, info: false };
  }
}

function leak(g: Gen): { url: string; kind: LeakKind; form: string; secret: string } {
  const shop = `https://www.${g.pick(SHOPS)}${g.pick(TLDS)}`;
  const api = 'https://api.mercadopago.com';
  switch (g.int(13)) {
    case 0: {
      const s = g.accessToken();
      return { url: `${api}/v1/payments/search?access_token=${s}&limit=30&offset=${g.int(100)}`, kind: 'access_token', form: 'query, mid-URL', secret: s };
    }
    case 1: {
      const s = g.accessToken();
      return { url: `${api}/users/me?access_token=${s}`, kind: 'access_token', form: 'query, last', secret: s };
    }
    case 2: {
      const s = g.accessToken('TEST');
      return { url: `${shop}/admin/mp?token=${s}&debug=1`, kind: 'access_token', form: 'TEST- token', secret: s };
    }
    case 3: {
      const s = g.accessToken('APP_USR', `__${g.pick(['LA', 'LB', 'LC'])}_${g.pick(['LD', 'LE'])}__`);
      return { url: `${api}/v1/payments/${g.digits(10)}?access_token=${s}&x=1`, kind: 'access_token', form: 'legacy __XX_XX__', secret: s };
    }
    case 4: {
      const s = g.accessToken();
      return { url: `${shop}/oauth/done#access_token=${s}&token_type=bearer&expires_in=15552000`, kind: 'access_token', form: 'fragment', secret: s };
    }
    case 5: {
      const s = g.accessToken();
      return { url: `${api}/v1/card_tokens?public_key=${s}&js_version=2.0.0`, kind: 'access_token', form: 'public_key slot', secret: s };
    }
    case 6: {
      const s = g.accessToken();
      return { url: `${shop}/api/mp/${s}/balance`, kind: 'access_token', form: 'path segment', secret: s };
    }
    case 7: {
      const s = g.accessToken();
      const nested = encodeURIComponent(encodeURIComponent(`${shop}/cb?access_token=${s}&ok=1`));
      return { url: `https://l.facebook.com/l.php?u=${nested}&h=AT${g.chars(B64URL, 30)}`, kind: 'access_token', form: 'nested, double-encoded', secret: s };
    }
    case 8: {
      const s = g.accessToken();
      const state = Buffer.from(JSON.stringify({ return: '/checkout', access_token: s })).toString('base64url');
      return { url: `${shop}/oauth/callback?code=ok&state=${state}`, kind: 'access_token', form: 'base64url JSON in state', secret: s };
    }
    case 9: {
      const s = g.tg();
      return { url: `${shop}/api/sync?refresh_token=${s}&client_id=${g.digits(16)}`, kind: 'refresh_token', form: 'refresh token', secret: s };
    }
    case 10: {
      const s = g.clientSecret();
      return { url: `${api}/oauth/token?grant_type=client_credentials&client_id=${g.digits(16)}&client_secret=${s}`, kind: 'client_secret', form: 'client secret', secret: s };
    }
    case 11: {
      const s = g.jwt();
      return { url: `https://api.partner.example/v2/reports?access_token=${s}&format=csv`, kind: 'bearer_token', form: 'JWT access_token', secret: s };
    }
    default: {
      const s = g.chars(ALNUM, 48);
      return { url: `${shop}/sso/callback#id_token=${s}&state=${g.chars(HEX, 16)}`, kind: 'bearer_token', form: 'opaque id_token', secret: s };
    }
  }
}

/** `count` URLs, about `leakRate` of them with a planted leak. */
export function generateCorpus(count: number, seed = 20240501, leakRate = 0.01): Corpus {
  const g = new Gen(prng(seed));
  const lines: string[] = [];
  const leaks: PlantedLeak[] = [];
  let informational = 0;
  for (let i = 0; i < count; i++) {
    if (g.r() < leakRate) {
      const l = leak(g);
      leaks.push({ line: i, kind: l.kind, form: l.form, secret: l.secret });
      lines.push(l.url);
    } else {
      const b = benign(g);
      if (b.info) informational++;
      lines.push(b.url);
    }
  }
  return { lines, leaks, informational };
}
