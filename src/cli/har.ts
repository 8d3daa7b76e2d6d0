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
 * The initiator given to a HAR request whose page is not recorded (no `Origin`, `Referer` or
 * `_initiator.url`). A HAR is a recording made by a browser, so every request in it came from some
 * web page; `.invalid` (RFC 2606) names no real site, so it is never Mercado Pago's own.
 */
export const UNKNOWN_PAGE_ORIGIN = 'https://unrecorded-page.invalid';

/**
 * One HAR entry as a request. The initiator is taken from the `Origin` header, else the
 * `Referer`'s origin, else Chrome's `_initiator.url`, else UNKNOWN_PAGE_ORIGIN: an `Authorization`
 * header a browser sent to Mercado Pago is frontend exposure even when the page is not recorded.
 * `response.redirectURL` counts as a `Location` header when there is none.
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
  out.initiator ??= UNKNOWN_PAGE_ORIGIN;

  if (isObject(req.postData)) {
    const pd = req.postData;
    const text = str(pd.text);
    if (text !== undefined) out.requestBody = { raw: text };
    if (Array.isArray(pd.params)) {
      // No prototype: a parameter may be named __proto__ or constructor.
      const formData = Object.create(null) as Record<string, string[]>;
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

/** The entry's HAR `comment`, when it is a string. */
export function harEntryComment(entry: unknown): string {
  return isObject(entry) && typeof entry.comment === 'string' ? entry.comment : '';
}

function fmtCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

const HAR_HEAD_RE = /^\uFEFF?\s*\{\s*"log"\s*:\s*\{/;

/**
 * Whether the beginning of an input is a HAR document rather than text. A HAR is one JSON object
 * whose `log` is an object (with `entries`). JSON-lines logs are text: Docker's json-file driver
 * writes `{"log":"<line>","stream":…}` per line, and structured loggers one object per line; so a
 * first line that is a whole JSON object on its own, without `log.entries`, means JSON lines.
 */
export function looksLikeHar(head: string): boolean {
  if (!/^\uFEFF?\s*\{/.test(head)) return false;
  const nl = head.indexOf('\n');
  if (nl >= 0) {
    const first = head.slice(0, nl).replace(/^\uFEFF/, '').trim();
    if (first.endsWith('}')) {
      try {
        return harEntries(JSON.parse(first)) !== null;
      } catch {
        // Not a whole object on one line: a pretty-printed document.
      }
    }
  }
  if (HAR_HEAD_RE.test(head)) return true;
  return /"log"\s*:\s*\{/.test(head) && /"entries"\s*:\s*\[/.test(head);
}

/**
 * Text of a HAR document → the spans `[start, end)` of the elements of `log.entries`, found by
 * walking the JSON structure (strings, brackets, keys) without building it, so that each entry can
 * be parsed on its own and memory stays one entry deep whatever the number of entries. Returns a
 * string (an error message) when the structure is broken, `log.entries` is missing or not an
 * array, or it holds more than `maxEntries` elements. Values outside the entries are checked for
 * balanced structure only; each entry is checked by JSON.parse when it is read.
 */
export function harEntrySpans(text: string, maxEntries: number): [number, number][] | string {
  const n = text.length;
  // Stack of open containers: 123 `{` or 91 `[`; keys[i] is the last key read in object i.
  const stack: number[] = [];
  const keys: (string | null)[] = [];
  let expectKey = false;
  let entriesDepth = -1; // stack depth of the entries array once inside it
  let entryStart = -1;
  let found = false;
  const spans: [number, number][] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWs(c) || c === 0x3a /* : */) {
      i++;
      continue;
    }
    const depth = stack.length;
    if (depth === entriesDepth && entryStart < 0 && c !== 0x2c /* , */ && c !== 0x5d /* ] */) entryStart = i;
    if (c === 0x22 /* " */) {
      let j = i + 1;
      for (;;) {
        j = text.indexOf('"', j);
        if (j < 0) return 'malformed HAR: not valid JSON (unterminated string)';
        let bs = 0;
        for (let k = j - 1; text.charCodeAt(k) === 0x5c /* \ */; k--) bs++;
        if (bs % 2 === 0) break;
        j++;
      }
      if (expectKey && depth > 0 && stack[depth - 1] === 0x7b) {
        // Keys that matter are plain (`log`, `entries`); an escaped key is kept raw.
        keys[depth - 1] = text.slice(i + 1, j);
        expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (c === 0x5b && depth === 2 && stack[0] === 0x7b && stack[1] === 0x7b && keys[0] === 'log' && keys[1] === 'entries') {
        if (found) return 'malformed HAR: log.entries appears twice';
        found = true;
        entriesDepth = depth + 1;
      }
      stack.push(c);
      keys.push(null);
      expectKey = c === 0x7b;
      i++;
      continue;
    }
    if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      const open = stack.pop();
      keys.pop();
      if (open !== (c === 0x7d ? 0x7b : 0x5b)) return 'malformed HAR: not valid JSON (unbalanced brackets)';
      expectKey = false;
      if (depth === entriesDepth) {
        // The entries array closes.
        if (entryStart >= 0) spans.push([entryStart, i]);
        entryStart = -1;
        entriesDepth = -2;
      } else if (depth === entriesDepth + 1 && entryStart >= 0 && stack.length === entriesDepth) {
        spans.push([entryStart, i + 1]);
        entryStart = -1;
        if (spans.length > maxEntries) return `HAR has more than ${fmtCount(maxEntries)} entries; export fewer requests or split the file`;
      }
      i++;
      continue;
    }
    if (c === 0x2c /* , */) {
      if (depth === entriesDepth && entryStart >= 0) {
        spans.push([entryStart, i]);
        entryStart = -1;
        if (spans.length > maxEntries) return `HAR has more than ${fmtCount(maxEntries)} entries; export fewer requests or split the file`;
      }
      expectKey = depth > 0 && stack[depth - 1] === 0x7b;
      i++;
      continue;
    }
    if (depth === 0) return 'malformed HAR: not valid JSON (text after the document)';
    // A number, true, false or null: skip to the next delimiter.
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 0x2c || d === 0x7d || d === 0x5d || isWs(d)) break;
      i++;
    }
  }
  if (stack.length > 0) return 'malformed HAR: not valid JSON (the document ends early)';
  if (!found) return 'malformed HAR: log.entries is missing or not an array';
  if (spans.length > maxEntries) return `HAR has more than ${fmtCount(maxEntries)} entries; export fewer requests or split the file`;
  return spans;
}
