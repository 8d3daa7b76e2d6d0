/**
 * The one typed protocol between the extension's pages (popup, options, DevTools panel) and the
 * background service worker. Every request is `{type, payload}`; every answer is a `Reply`:
 * `{ok: true, value}` or `{ok: false, error: {code, params}}`. Pages turn error codes into
 * localized sentences with `errorText()` from i18n.ts; no error ever carries a secret.
 */
import browser from 'webextension-polyfill';

export type { Api } from './api';
export type { RequestType, RequestOf, ResponseOf, ErrorValue, Reply, Envelope } from './protocol';
import type { RequestType, RequestOf, ResponseOf, ErrorValue, Reply, Envelope } from './protocol';
export { isEnvelope } from './protocol';

/** Error raised in a page when the background answered `{ok:false}`. */
export class AppError extends Error {
  readonly code: string;
  readonly params: Record<string, string | number | boolean | null>;
  constructor(error: ErrorValue) {
    super(error.code);
    this.name = 'AppError';
    this.code = error.code;
    this.params = error.params ?? {};
  }
  toValue(): ErrorValue {
    return { code: this.code, params: this.params };
  }
}

/** Sends one request to the background and returns its value, or throws an `AppError`. */
export async function send<K extends RequestType>(type: K, payload: RequestOf<K>): Promise<ResponseOf<K>> {
  let reply: Reply<ResponseOf<K>> | undefined;
  try {
    reply = (await browser.runtime.sendMessage({ type, payload } satisfies Envelope<K>)) as
      | Reply<ResponseOf<K>>
      | undefined;
  } catch {
    throw new AppError({ code: 'background_unreachable' });
  }
  if (!reply || typeof reply !== 'object' || !('ok' in reply)) throw new AppError({ code: 'background_unreachable' });
  if (!reply.ok) throw new AppError(reply.error);
  return reply.value;
}

/** Port names for live updates from the background (the DevTools panel and the popup). */
export const PORT_PANEL = 'panel';
export const PORT_POPUP = 'popup';
