/**
 * Helpers shared by the credential rules: name analysis and placeholder detection.
 */

/**
 * Splits a parameter name into lower-case words: `MP_ACCESS_TOKEN` → [mp, access, token],
 * `refreshToken` → [refresh, token], `client-secret` → [client, secret].
 */
export function nameWords(name: string): string[] {
  const out: string[] = [];
  const spaced = name.slice(0, 128).replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  for (const w of spaced.split(/[^A-Za-z0-9]+/)) if (w) out.push(w.toLowerCase());
  return out;
}

/** True when the name ends with the given words (`endsWithWords('mp_access_token', 'access', 'token')`). */
export function endsWithWords(name: string | null, ...words: string[]): boolean {
  if (!name) return false;
  const ws = nameWords(name);
  if (ws.length === 0) return false;
  // `accesstoken` written as one word.
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

/** Fewer than `min` distinct characters: `000000…`, `abababab…` are fillers, not secrets. */
export function tooFewDistinct(s: string, min: number): boolean {
  const seen = new Set<string>();
  for (const ch of s) {
    seen.add(ch);
    if (seen.size >= min) return false;
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
  const m = /-(\d{6,12})$/.exec(token);
  return m ? m[1]! : null;
}
