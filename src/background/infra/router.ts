/**
 * The message router: the only door into the background. It answers only the extension's own
 * pages (same extension id AND a chrome-extension:// URL of this extension), so content scripts,
 * web pages and other extensions get nothing. Handlers are per feature; errors become
 * `{code, params}` values without secrets.
 */
import type { Api, Envelope, ErrorValue, Reply, RequestType } from '../../shared/protocol';
import { isEnvelope } from '../../shared/protocol';

export type Handler<K extends RequestType> = (payload: Api[K]['req'], sender: chrome.runtime.MessageSender) => Promise<Api[K]['res']>;
export type Handlers = { [K in RequestType]: Handler<K> };

/** A failure with a stable code that the page localizes. Never put a secret in params. */
export class CodedError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number | boolean | null> = {},
  ) {
    super(code);
    this.name = 'CodedError';
  }
}

export function isOwnPage(
  sender: { id?: string; url?: string },
  runtimeId: string,
  ownBaseUrl: string,
): boolean {
  if (sender.id !== runtimeId) return false;
  if (typeof sender.url !== 'string') return false;
  return sender.url.startsWith(ownBaseUrl);
}

export function toErrorValue(e: unknown): ErrorValue {
  if (e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string') {
    const { code, params } = e as { code: string; params?: Record<string, unknown> };
    const safe: Record<string, string | number | boolean | null> = {};
    for (const [k, v] of Object.entries(params ?? {})) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) safe[k] = v;
    }
    return { code, params: safe };
  }
  return { code: 'internal' };
}

/**
 * Requests a page makes by itself (first render, live updates, the DevTools panel's reload on each
 * finding) or that end the session. They are not user activity: an open panel on a tab with a
 * recurring leak must not keep the vault unlocked forever.
 */
const PASSIVE: ReadonlySet<string> = new Set<RequestType>(['status', 'vault.state', 'vault.lock', 'overview', 'settings.get', 'leaks.list']);

/** True for requests that only a user's action sends (a click, a form): they restart the auto-lock timer. */
export function countsAsActivity(type: string): boolean {
  return !PASSIVE.has(type);
}

export function installRouter(handlers: Handlers, hooks: { onActivity?: (type: RequestType) => Promise<void> } = {}): void {
  const runtimeId = chrome.runtime.id;
  const base = chrome.runtime.getURL('');
  chrome.runtime.onMessage.addListener((message: unknown, sender, sendResponse: (r: Reply<unknown>) => void) => {
    if (!isOwnPage(sender, runtimeId, base)) return false; // not ours to answer
    if (!isEnvelope(message) || !(message.type in handlers)) {
      sendResponse({ ok: false, error: { code: 'bad_request' } });
      return false;
    }
    const env = message as Envelope;
    const handler = handlers[env.type] as Handler<RequestType>;
    void hooks.onActivity?.(env.type).catch(() => undefined);
    handler(env.payload as never, sender).then(
      (value) => sendResponse({ ok: true, value }),
      (e: unknown) => {
        const error = toErrorValue(e);
        if (error.code === 'internal') console.error('[mp-hygiene] internal error in', env.type, e instanceof Error ? e.name : typeof e);
        sendResponse({ ok: false, error });
      },
    );
    return true; // the answer comes asynchronously
  });
}
