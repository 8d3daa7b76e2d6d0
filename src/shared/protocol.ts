/**
 * Protocol types and guards with no runtime dependency, so the service worker can use them
 * without pulling in the pages' webextension-polyfill.
 */
import type { Api } from './api';

export type { Api } from './api';

export type RequestType = keyof Api;
export type RequestOf<K extends RequestType> = Api[K]['req'];
export type ResponseOf<K extends RequestType> = Api[K]['res'];

export interface ErrorValue {
  code: string;
  params?: Record<string, string | number | boolean | null>;
}
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ErrorValue };

export interface Envelope<K extends RequestType = RequestType> {
  type: K;
  payload: RequestOf<K>;
}

export function isEnvelope(x: unknown): x is Envelope {
  return typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string';
}
