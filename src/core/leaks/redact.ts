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

const TOKEN = 1;
const NAME = 2;
const ENDS_VALUE = 4;
/**
 * Classes of ASCII characters. TOKEN: a token run (base64url, hex, opaque tokens; `.`, `/`, `%`
 * split runs). NAME: a name before `=` or `:` (token characters, `.`, `[`, `]`). ENDS_VALUE: ends
 * the value after a credential-like name (blanks, quotes, `& # , ; < > ( ) [ ] { } | \ \``).
 */
const CLASS: Uint8Array = (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (alnum || c === 45 || c === 95 || c === 43 || c === 126) t[c]! |= TOKEN | NAME;
    if (c === 46 || c === 91 || c === 93) t[c]! |= NAME;
    if (c <= 32 || '"\'&#,;<>()[]{}|\\`'.includes(String.fromCharCode(c))) t[c]! |= ENDS_VALUE;
  }
  return t;
})();

function isTokenChar(c: number): boolean {
  return c < 128 && (CLASS[c]! & TOKEN) !== 0;
}

function isNameChar(c: number): boolean {
  return c < 128 && (CLASS[c]! & NAME) !== 0;
}

/** Non-ASCII blanks end values too (a cheap superset: every character above 0x7f but the mask's). */
function endsValue(c: number): boolean {
  return c < 128 ? (CLASS[c]! & ENDS_VALUE) !== 0 : c !== 0x2026 && c !== 0x2022 && (c === 0xa0 || (c >= 0x2000 && c <= 0x200a) || c === 0x3000);
}

function isBlankOrQuote(c: number): boolean {
  return c === 32 || c === 9 || c === 34 || c === 39;
}

/** `text[i, j)` is an HTTP authentication scheme that precedes a credential. */
function isScheme(text: string, i: number, j: number): boolean {
  const w = j - i === 6 || j - i === 5 ? text.slice(i, j).toLowerCase() : '';
  return w === 'bearer' || w === 'basic';
}

/** `s[k, j)` starts with `word` (lower case), compared without case. */
function wordAt(s: string, k: number, j: number, word: string): boolean {
  if (j - k < word.length) return false;
  for (let x = 1; x < word.length; x++) if ((s.charCodeAt(k + x) | 32) !== word.charCodeAt(x)) return false;
  return true;
}

/**
 * The name `s[i, j)` holds a credential word, any case: token, secret, passw(ord), pwd, auth,
 * credential, session, signature, bearer, key, code. (A character loop: this runs on every name
 * of every displayed text.)
 */
function namesCredential(s: string, i: number, j: number): boolean {
  for (let k = i; k < j; k++) {
    switch (s.charCodeAt(k) | 32) {
      case 116:
        if (wordAt(s, k, j, 'token')) return true;
        break;
      case 115:
        if (wordAt(s, k, j, 'secret') || wordAt(s, k, j, 'session') || wordAt(s, k, j, 'signature')) return true;
        break;
      case 112:
        if (wordAt(s, k, j, 'passw') || wordAt(s, k, j, 'pwd')) return true;
        break;
      case 97:
        if (wordAt(s, k, j, 'auth')) return true;
        break;
      case 99:
        if (wordAt(s, k, j, 'credential') || wordAt(s, k, j, 'code')) return true;
        break;
      case 98:
        if (wordAt(s, k, j, 'bearer')) return true;
        break;
      case 107:
        if (wordAt(s, k, j, 'key')) return true;
        break;
    }
  }
  return false;
}

/** A run of token characters that looks random: long, letters and digits, many distinct characters. */
export function looksRandom(s: string, from: number, to: number): boolean {
  if (to - from < MIN_RANDOM_RUN) return false;
  let letters = false;
  let digits = false;
  let distinct = 0;
  // Bit sets of the characters seen: token characters are ASCII 43..126, three 32-bit words.
  let w1 = 0;
  let w2 = 0;
  let w3 = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c <= 57) digits ||= c >= 48;
    else if (c !== 95 && c !== 126) letters = true;
    const b = 1 << (c & 31);
    if (c < 64) {
      if ((w1 & b) === 0) {
        w1 |= b;
        distinct++;
      }
    } else if (c < 96) {
      if ((w2 & b) === 0) {
        w2 |= b;
        distinct++;
      }
    } else if ((w3 & b) === 0) {
      w3 |= b;
      distinct++;
    }
  }
  return letters && digits && distinct >= MIN_DISTINCT;
}

/**
 * Masks, in `text`, the value after every credential-like name (`client_secret=…`, `"apiKey": "…"`,
 * `Bearer …`) and every long random-looking run of token characters. A value that already holds a
 * mask (`…`, `•`) is left as it is, so masking twice changes nothing more. Each character is read
 * a bounded number of times: linear in the text.
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
    let c = k < n ? text.charCodeAt(k) : 0;
    if (c === 34 || c === 39) c = ++k < n ? text.charCodeAt(k) : 0;
    while (c === 32 || c === 9) c = ++k < n ? text.charCodeAt(k) : 0;
    const encodedEq = c === 37 /* % */ && k + 2 < n && text.charCodeAt(k + 1) === 51 && (text.charCodeAt(k + 2) | 32) === 100;
    const after = j < n ? text.charCodeAt(j) : 0;
    const bearer = (after === 32 || after === 9 || after === 43 /* + */) && isScheme(text, i, j);
    if (bearer || ((c === 61 /* = */ || c === 58 /* : */ || encodedEq) && j - i <= 128 && namesCredential(text, i, j))) {
      let v = bearer ? j + 1 : encodedEq ? k + 3 : k + 1;
      while (v < n && isBlankOrQuote(text.charCodeAt(v))) v++;
      let e = v;
      let masked = false;
      while (e < n) {
        const d = text.charCodeAt(e);
        if (endsValue(d)) break;
        if (d === 0x2026 || d === 0x2022) masked = true;
        e++;
      }
      // `:` then `//` is a scheme (`https://`), not a value.
      const url = c === 58 && text.charCodeAt(k + 1) === 47 && text.charCodeAt(k + 2) === 47;
      // `Authorization: Bearer …`: the scheme word stays, the value after it goes.
      if (!bearer && e < n && isScheme(text, v, e)) {
        i = v;
        continue;
      }
      if (!url && !masked && e - v >= 4) {
        out += text.slice(last, v) + maskSecret(text.slice(v, e));
        last = e;
        i = e;
        continue;
      }
    }
    // Token runs inside the name run (split at `.`, `[`, `]`), each judged by its look.
    if (j - i >= MIN_RANDOM_RUN) {
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
    }
    i = j;
  }
  return last === 0 ? text : out + text.slice(last);
}
