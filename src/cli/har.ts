/**
 * HAR (HTTP Archive 1.2) entries → the request shape the engine scans. Defensive: a HAR is user
 * input, so every field is checked before use.
 */
import type { HttpHeaderLike, HttpRequestLike } from '../core/leaks/index';
import { originOf } from '../core/leaks/index';

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}

function headers(x: unknown): HttpHeaderLike[] {
  if (!Array.isArray(x)) return [];
  const out: HttpHeaderLike[] = [];
  for (const h of x) {
    if (isObject(h) && typeof h.name === 'string') out.push({ name: h.name, value: str(h.value) ?? '' });
  }
  return out;
}

function header(list: readonly HttpHeaderLike[], name: string): string | undefined {
  return list.find((h) => h.name.toLowerCase() === name)?.value;
}

/** The entries array of a parsed HAR, or null when `log.entries` is missing or not an array. */
export function harEntries(parsed: unknown): unknown[] | null {
  if (!isObject(parsed) || !isObject(parsed.log) || !Array.isArray(parsed.log.entries)) return null;
  return parsed.log.entries;
}

/**
 * One HAR entry as a request. The initiator is taken from the `Origin` header, else the
 * `Referer`'s origin, else Chrome's `_initiator.url`. `response.redirectURL` counts as a
 * `Location` header when there is none.
 */
export function harEntryToRequest(entry: unknown): HttpRequestLike | null {
  if (!isObject(entry) || !isObject(entry.request)) return null;
  const req = entry.request;
  const url = str(req.url);
  if (url === undefined) return null;
  const requestHeaders = headers(req.headers);
  const out: HttpRequestLike = { url, requestHeaders };
  const method = str(req.method);
  if (method) out.method = method;

  const originHeader = header(requestHeaders, 'origin');
  const referer = header(requestHeaders, 'referer');
  const chromeInitiator = isObject(entry._initiator) ? str(entry._initiator.url) : undefined;
  for (const candidate of [originHeader, referer, chromeInitiator]) {
    if (!candidate || candidate === 'null') continue;
    const o = originOf(candidate);
    if (o) {
      out.initiator = `${o.scheme}://${o.host}`;
      break;
    }
  }

  if (isObject(req.postData)) {
    const pd = req.postData;
    const text = str(pd.text);
    if (text !== undefined) out.requestBody = { raw: text };
    if (Array.isArray(pd.params)) {
      const formData: Record<string, string[]> = {};
      for (const p of pd.params) {
        if (!isObject(p) || typeof p.name !== 'string') continue;
        const v = str(p.value) ?? '';
        (formData[p.name] ??= []).push(v);
      }
      out.requestBody = { ...(out.requestBody ?? {}), formData };
    }
  }

  if (isObject(entry.response)) {
    const responseHeaders = headers(entry.response.headers);
    const redirect = str(entry.response.redirectURL);
    if (redirect && header(responseHeaders, 'location') === undefined) responseHeaders.push({ name: 'Location', value: redirect });
    if (responseHeaders.length > 0) out.responseHeaders = responseHeaders;
  }
  return out;
}
