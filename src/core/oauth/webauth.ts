/**
 * Telling apart why the browser's authorization window (`launchWebAuthFlow`) failed.
 *
 * The browser rejects with a fixed English sentence and nothing else: "Authorization page could
 * not be loaded." means the page answered with an error status (Mercado Pago answers 400 when the
 * redirect_uri is not a Redirect URL registered for the application, or the client id is unknown)
 * or could not be reached, and no window was ever shown; "The user did not approve access." means
 * the window was closed. A page that could not be loaded is looked at once more with a plain GET
 * of the same URL (`probeAuthorizationPage`, run by the service worker: the URL carries the client
 * id, redirect URL, state and PKCE challenge, never a secret) to say which of the two it was.
 */
import { OAuthError } from './errors';

export type WebAuthFailure = 'page_load' | 'cancelled' | 'timeout' | 'window' | 'other';

/** The kind of a `launchWebAuthFlow` rejection, from the browser's message. */
export function classifyWebAuthFailure(message: unknown): WebAuthFailure {
  const m = typeof message === 'string' ? message.toLowerCase() : '';
  if (m.includes('timed out')) return 'timeout';
  if (m.includes('could not be loaded')) return 'page_load';
  if (m.includes('did not approve') || m.includes('user cancel') || m.includes('closed')) return 'cancelled';
  if (m.includes('browser window') || m.includes('create a window')) return 'window';
  return 'other';
}

export interface ProbeInput {
  url: string;
  fetch: typeof fetch;
  timeoutMs?: number;
}

/** What a second look at the authorization page found. */
export type ProbeResult = { kind: 'status'; status: number } | { kind: 'unreachable' } | { kind: 'timeout' };

/** GETs the authorization URL once (no redirects followed, no cookies) and reports its status. */
export async function probeAuthorizationPage(input: ProbeInput): Promise<ProbeResult> {
  const signal = AbortSignal.timeout(input.timeoutMs ?? 10_000);
  try {
    const res = await input.fetch(input.url, { method: 'GET', redirect: 'manual', credentials: 'omit', cache: 'no-store', signal });
    await res.body?.cancel().catch(() => undefined);
    return { kind: 'status', status: res.status };
  } catch {
    return signal.aborted ? { kind: 'timeout' } : { kind: 'unreachable' };
  }
}

export interface WebAuthErrorInput {
  failure: WebAuthFailure;
  /** Only for `page_load`. */
  probe?: ProbeResult;
  clientId: string;
  redirectUrl: string;
  /** The custom authorization URL, when the application has one. */
  customAuthorization?: string;
}

/**
 * The error to show for a failed authorization window. Params carry only what the user typed or
 * can see anyway (client id, redirect URL, custom authorization URL, HTTP status).
 */
export function webAuthError(input: WebAuthErrorInput): OAuthError {
  // Always the same keys, so the localized sentences can number their substitutions
  // ($1 client id, $2 custom authorization URL or empty, $3 redirect URL, $4 status).
  const endpoint = input.customAuthorization ?? '';
  const where: Record<string, string> = { clientId: input.clientId, endpoint, redirectUrl: input.redirectUrl };
  switch (input.failure) {
    case 'cancelled':
      return new OAuthError('flow_cancelled');
    case 'timeout':
      return new OAuthError('flow_timed_out');
    case 'window':
      return new OAuthError('flow_window_failed');
    case 'page_load': {
      const p = input.probe;
      if (p?.kind === 'unreachable' || p?.kind === 'timeout') {
        return new OAuthError('auth_page_unreachable', { endpoint });
      }
      if (p?.kind === 'status' && p.status >= 400) return new OAuthError('auth_page_refused', { ...where, status: p.status });
      return new OAuthError('auth_page_failed', { ...where, status: p?.kind === 'status' ? p.status : 0 });
    }
    case 'other':
      return new OAuthError('auth_page_failed', { ...where, status: 0 });
  }
}
