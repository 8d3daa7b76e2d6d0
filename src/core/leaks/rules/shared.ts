/**
 * Helpers shared by the credential rules: name analysis and placeholder detection.
 */
import type { RuleMatch } from '../types';

/** Shared empty results (frozen), so the common "nothing here" answer allocates nothing. */
export const NO_MATCHES: readonly RuleMatch[] = Object.freeze([]);
export const NO_STRINGS: readonly string[] = Object.freeze([]);

/**
 * Splits a parameter name into lower-case words: `MP_ACCESS_TOKEN` → [mp, access, token],
 * `refreshToken` → [refresh, token], `client-secret` → [client, secret]. Reads 128 characters at most.
 */
export function nameWords(name: string): string[] {
  const out: string[] = [];
  const n = Math.min(name.length, 128);
  let start = -1; // of the word being read
  let hasUpper = false;
  let prevLowerOrDigit = false;
  // Words are sliced out, not built a character at a time: names are split on every value scanned.
  const word = (end: number): string => {
    const w = name.slice(start, end);
    return hasUpper ? w.toLowerCase() : w; // ASCII letters and digits only
  };
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    const upper = c >= 65 && c <= 90;
    const lower = c >= 97 && c <= 122;
    const digit = c >= 48 && c <= 57;
    if (!upper && !lower && !digit) {
      if (start >= 0) out.push(word(i));
      start = -1;
      prevLowerOrDigit = false;
      continue;
    }
    if (upper && prevLowerOrDigit && start >= 0) {
      out.push(word(i));
      start = -1;
    }
    if (start < 0) {
      start = i;
      hasUpper = false;
    }
    hasUpper ||= upper;
    prevLowerOrDigit = lower || digit;
  }
  if (start >= 0) out.push(word(n));
  return out;
}

/** True when the name ends with the given words (`endsWithWords('mp_access_token', 'access', 'token')`). */
export function endsWithWords(name: string | null, ...words: string[]): boolean {
  if (!name) return false;
  return wordsEndWith(nameWords(name), words);
}

/** True when `ws` ends with `words`, or its last word is `words` written as one (`accesstoken`). */
export function wordsEndWith(ws: readonly string[], words: readonly string[]): boolean {
  if (ws.length === 0) return false;
  if (ws[ws.length - 1] === words.join('')) return true;
  if (ws.length < words.length) return false;
  for (let i = 0; i < words.length; i++) {
    if (ws[ws.length - words.length + i] !== words[i]) return false;
  }
  return true;
}

/** Values printed in Mercado Pago's documentation as examples; they are not anyone's credentials. */
const DOC_EXAMPLES: ReadonlySet<string> = new Set(['TG-60357f5d0cd06d000740646d-643464554']);

export function isDocExample(value: string): boolean {
  return DOC_EXAMPLES.has(value);
}

/** Characters tooFewDistinct has seen (it runs synchronously, so one scratch array serves every call). */
const SEEN = new Int32Array(32);

/** Fewer than `min` distinct characters: `000000…`, `abababab…` are fillers, not secrets. */
export function tooFewDistinct(s: string, min: number): boolean {
  if (min > SEEN.length) {
    const seen = new Set<number>();
    for (let i = 0; i < s.length && seen.size < min; i++) seen.add(s.charCodeAt(i));
    return seen.size < min;
  }
  let k = 0;
  next: for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    for (let j = 0; j < k; j++) if (SEEN[j] === c) continue next;
    SEEN[k++] = c;
    if (k >= min) return false;
  }
  return true;
}

/** Placeholder markers seen in docs and templates: `XXXXXX`, `your_…`, `<…>`, `${…}`, `{{…}}`. */
export function looksLikePlaceholder(value: string): boolean {
  if (/X{6,}|x{6,}/.test(value)) return true;
  if (/[<>{}$]/.test(value)) return true;
  return /^(?:your|my|example|sample|dummy|fake|placeholder|changeme|redacted|insert|replace)[\W_]/i.test(value);
}

/** Digits after the last dash: the Mercado Pago user id in access and refresh tokens. */
export function userIdOf(token: string): string | null {
  let i = token.length;
  while (i > 0) {
    const c = token.charCodeAt(i - 1);
    if (c < 48 || c > 57) break;
    i--;
  }
  const digits = token.length - i;
  return digits >= 6 && digits <= 12 && i > 0 && token.charCodeAt(i - 1) === 45 /* - */ ? token.slice(i) : null;
}
