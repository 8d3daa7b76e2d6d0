/**
 * The last pass over every text a finding displays (its URL or line, its parameter name), whatever
 * the engine's limits let it scan: a value under a credential-like name and any long run that
 * looks random are masked. It knows no credential shape, so it also covers what no rule reports
 * and what a limit kept the rules from reaching. One pass of character tests: linear in the text.
 */
import { maskSecret } from '../mask';

/** Shortest run of token characters judged by its look alone. */
export const MIN_RANDOM_RUN = 20;
/** Distinct characters a run needs to look random (`aaaa…`, `abab…`, long words do not). */
const MIN_DISTINCT = 10;
/** Name words under which any value is masked. */
const CREDENTIAL_WORDS = ['token', 'secret', 'passw', 'pwd', 'auth', 'credential', 'session', 'signature', 'bearer', 'key', 'code'] as const;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Characters of a token run: base64url, hex, opaque tokens (`.`, `/`, `%` split runs). */
function isTokenChar(c: number): boolean {
  return isAlnum(c) || c === 45 /* - */ || c === 95 /* _ */ || c === 43 /* + */ || c === 126 /* ~ */;
}

/** Characters of a name before `=` or `:`. */
function isNameChar(c: number): boolean {
  return isTokenChar(c) || c === 46 /* . */ || c === 91 /* [ */ || c === 93 /* ] */;
}

/** Characters that end a value after a credential-like name. */
function endsValue(c: number): boolean {
  // whitespace, quotes, & # , ; < > ( ) [ ] { } | \ `
  return c <= 32 || c === 34 || c === 39 || c === 38 || c === 35 || c === 44 || c === 59 || c === 60 || c === 62 || c === 40 || c === 41 || c === 91 || c === 93 || c === 123 || c === 125 || c === 124 || c === 92 || c === 96;
}

function isBlankOrQuote(c: number): boolean {
  return c === 32 || c === 9 || c === 34 || c === 39;
}

/** `text[i, j)` is an HTTP authentication scheme that precedes a credential. */
function isScheme(text: string, i: number, j: number): boolean {
  const w = j - i === 6 || j - i === 5 ? text.slice(i, j).toLowerCase() : '';
  return w === 'bearer' || w === 'basic';
}

function namesCredential(name: string): boolean {
  const n = name.toLowerCase();
  return CREDENTIAL_WORDS.some((w) => n.includes(w));
}

/** A run of token characters that looks random: long, letters and digits, many distinct characters. */
export function looksRandom(s: string, from: number, to: number): boolean {
  if (to - from < MIN_RANDOM_RUN) return false;
  let letters = false;
  let digits = false;
  let distinct = 0;
  // Bit set of the characters seen (token characters are ASCII: four 32-bit words).
  const bits = [0, 0, 0, 0];
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits = true;
    else if ((c | 32) >= 97 && (c | 32) <= 122) letters = true;
    const w = c >> 5;
    const b = 1 << (c & 31);
    if ((bits[w]! & b) === 0) {
      bits[w]! |= b;
      distinct++;
    }
  }
  return letters && digits && distinct >= MIN_DISTINCT;
}

/**
 * Masks, in `text`, the value after every credential-like name (`client_secret=…`, `"apiKey": "…"`,
 * `Bearer …`) and every long random-looking run of token characters. A value that already holds a
 * mask (`…`, `•`) is left as it is, so masking twice changes nothing more.
 */
export function redact(text: string): string {
  let out = '';
  let last = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isNameChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && isNameChar(text.charCodeAt(j))) j++;
    // A credential-like name, then `=`, `:` or `%3D` (a quote and blanks allowed before), or `Bearer `.
    let k = j;
    if (k < n && (text.charCodeAt(k) === 34 || text.charCodeAt(k) === 39)) k++;
    while (k < n && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
    const sep = k < n ? text.charCodeAt(k) : 0;
    const encodedEq = sep === 37 /* % */ && k + 2 < n && text.charCodeAt(k + 1) === 51 && (text.charCodeAt(k + 2) | 32) === 100;
    const after = j < n ? text.charCodeAt(j) : 0;
    const bearer = (after === 32 || after === 9 || after === 43 /* + */) && isScheme(text, i, j);
    if (bearer || ((sep === 61 /* = */ || sep === 58 /* : */ || encodedEq) && j - i <= 128 && namesCredential(text.slice(i, j)))) {
      let v = bearer ? j + 1 : encodedEq ? k + 3 : k + 1;
      while (v < n && isBlankOrQuote(text.charCodeAt(v))) v++;
      let e = v;
      let masked = false;
      while (e < n && !endsValue(text.charCodeAt(e))) {
        const c = text.charCodeAt(e);
        if (c === 0x2026 || c === 0x2022) masked = true;
        e++;
      }
      // `:` then `//` is a scheme (`https://`), not a value.
      const scheme = sep === 58 && text.charCodeAt(k + 1) === 47 && text.charCodeAt(k + 2) === 47;
      // `Authorization: Bearer …`: the scheme word stays, the value after it goes.
      if (!bearer && e > v && isScheme(text, v, e) && e < n) {
        i = v;
        continue;
      }
      if (!scheme && !masked && e - v >= 4) {
        out += text.slice(last, v) + maskSecret(text.slice(v, e));
        last = e;
        i = e;
        continue;
      }
    }
    // Token runs inside the name run (split at `.`, `[`, `]`), each judged by its look.
    let a = i;
    while (a < j) {
      while (a < j && !isTokenChar(text.charCodeAt(a))) a++;
      let b = a;
      while (b < j && isTokenChar(text.charCodeAt(b))) b++;
      if (looksRandom(text, a, b)) {
        out += text.slice(last, a) + maskSecret(text.slice(a, b));
        last = b;
      }
      a = b;
    }
    i = j;
  }
  return last === 0 ? text : out + text.slice(last);
}
