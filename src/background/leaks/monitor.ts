/**
 * The leak monitor: non-blocking webRequest observers feed every request to the core engine.
 * Findings go to the per-tab store, the tab's badge, a warning in the page's DevTools console
 * (redacted text only), live ports (DevTools panel, popup) and, when the leaked token belongs to
 * a linked seller, that account's timeline. Nothing leaves the machine; no request is re-sent.
 */
import { scanRequest, type Finding, type HttpRequestLike } from '../../core/leaks';
import { MAX_INPUT_CHARS } from '../../core/leaks/limits';
import type { LeakView } from '../../shared/api';
import type { Account } from '../../core/tokens';
import { emit, getLocal, getSettings, onEmit } from '../infra';
import { listApps } from '../applications';
import { addTimeline, fingerprintIndex, listAccounts } from '../accounts';
import { keyOf, record, tabLeaks, clearTab } from './store';

export const IGNORED_KEYS = 'leaks.ignored';

interface Context {
  ownOrigin: string;
  redirectHost: string;
  mpHosts: string[];
  ignoredOrigins: Set<string>;
  ignoredKeys: Set<string>;
  consoleWarnings: boolean;
  clearOnNavigation: boolean;
  /** Fingerprint of each linked seller's current tokens → that account. */
  owners: Map<string, Account>;
}
let ctx: Promise<Context> | null = null;

async function loadContext(): Promise<Context> {
  const [apps, settings, ignoredKeys, fps, accounts] = await Promise.all([
    listApps(),
    getSettings(),
    getLocal<string[]>(IGNORED_KEYS),
    fingerprintIndex(),
    listAccounts(),
  ]);
  const owners = new Map<string, Account>();
  for (const [fp, id] of Object.entries(fps)) {
    const account = accounts.find((a) => a.id === id);
    if (account) owners.set(fp, account);
  }
  // Custom endpoints (a local sandbox, say) count as Mercado Pago hosts.
  const mpHosts = new Set<string>();
  for (const a of apps) {
    for (const u of Object.values(a.endpoints ?? {})) {
      try {
        if (u) mpHosts.add(new URL(u).host);
      } catch {
        /* validated on save */
      }
    }
  }
  return {
    ownOrigin: new URL(chrome.runtime.getURL('')).origin,
    redirectHost: new URL(chrome.identity.getRedirectURL()).host,
    mpHosts: [...mpHosts],
    ignoredOrigins: new Set(settings.ignoredOrigins),
    ignoredKeys: new Set(ignoredKeys ?? []),
    consoleWarnings: settings.consoleWarnings,
    clearOnNavigation: settings.clearFindingsOnNavigation,
    owners,
  };
}
function context(): Promise<Context> {
  ctx ??= loadContext().catch((e: unknown) => {
    ctx = null; // try again on the next request
    throw e;
  });
  return ctx;
}
/** Settings, applications, accounts or ignore rules changed: re-read them on the next request. */
export function invalidateContext(): void {
  ctx = null;
}

type Phase = 'request' | 'headers' | 'response';
const PHASE_LOCATIONS: Record<Phase, (l: Finding['location']) => boolean> = {
  request: (l) => l !== 'referer' && l !== 'authorization' && l !== 'location',
  headers: (l) => l === 'referer' || l === 'authorization',
  response: (l) => l === 'location',
};

interface RequestEvent {
  tabId: number;
  frameId: number;
  /** The document that made the request (absent for navigations: their document does not exist yet). */
  documentId?: string;
  url: string;
  method: string;
  initiator?: string;
  type: string;
  requestHeaders?: { name: string; value?: string }[];
  responseHeaders?: { name: string; value?: string }[];
  requestBody?: { formData?: Record<string, string[]>; raw?: { bytes?: ArrayBuffer }[] } | null;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Request bodies as webRequest exposes them: form fields, or `raw` parts with `bytes` (strings,
 * ArrayBuffers and typed arrays, URLSearchParams, multipart parts). Chrome gives no bytes for a
 * Blob, File or ReadableStream body (`requestBody.error` instead): those cannot be scanned. One
 * character past the engine's input bound is passed on, so the engine can tell a body was cut.
 */
const RAW_BODY_LIMIT = MAX_INPUT_CHARS + 1;
function rawBody(body: RequestEvent['requestBody']): string | undefined {
  const parts = body?.raw;
  if (!parts?.length) return undefined;
  let out = '';
  const dec = new TextDecoder('utf-8', { fatal: false });
  for (const p of parts) {
    if (!p.bytes) continue;
    const room = RAW_BODY_LIMIT - out.length;
    out += dec.decode(p.bytes.byteLength > room * 4 ? p.bytes.slice(0, room * 4) : p.bytes).slice(0, room);
    if (out.length >= RAW_BODY_LIMIT) break;
  }
  return out || undefined;
}

/**
 * Tabs showing a page of `origin`: where a request of that site's service worker (which has no tab
 * of its own) is reported. Host permissions let the worker read tab URLs.
 */
async function tabsOfOrigin(origin: string): Promise<number[]> {
  const tabs = await chrome.tabs.query({});
  return tabs.filter((t) => typeof t.id === 'number' && t.id >= 0 && !!t.url && originOf(t.url) === origin).map((t) => t.id!);
}

export async function handle(phase: Phase, d: RequestEvent): Promise<void> {
  // No tab: the extension itself, another extension, or a web site's service worker. Only the
  // last is scanned, and reported on the tabs of its site (below, once there is a finding).
  if (d.tabId < 0 && !(d.initiator && /^https?:\/\//.test(d.initiator))) return;
  const c = await context();
  if (d.initiator === c.ownOrigin) return; // the extension's own requests
  let host: string;
  try {
    host = new URL(d.url).host;
  } catch {
    return;
  }
  if (host === c.redirectHost) return; // the OAuth code arriving at our redirect URL, by design
  const reqOrigin = originOf(d.url);
  if ((reqOrigin && c.ignoredOrigins.has(reqOrigin)) || (d.initiator && c.ignoredOrigins.has(d.initiator))) return;

  if (phase === 'request' && d.type === 'main_frame' && c.clearOnNavigation && d.tabId >= 0) {
    await clearTab(d.tabId);
    await updateTabBadge(d.tabId);
  }

  const req: HttpRequestLike = { url: d.url, method: d.method };
  if (d.initiator) req.initiator = d.initiator;
  if (phase === 'headers' && d.requestHeaders) req.requestHeaders = d.requestHeaders;
  if (phase === 'response' && d.responseHeaders) req.responseHeaders = d.responseHeaders;
  if (phase === 'request' && d.requestBody) {
    const raw = rawBody(d.requestBody);
    req.requestBody = { ...(d.requestBody.formData ? { formData: d.requestBody.formData } : {}), ...(raw ? { raw } : {}) };
  }
  let findings: Finding[];
  try {
    findings = scanRequest(req, { mercadoPagoHosts: c.mpHosts }).filter((f) => PHASE_LOCATIONS[phase](f.location));
  } catch {
    return; // the engine never throws; belt and braces for the hot path
  }
  if (findings.length === 0) return;
  if (d.tabId < 0) {
    for (const tabId of await tabsOfOrigin(d.initiator!)) await recordFindings(c, { ...d, tabId, frameId: 0 }, findings);
    return;
  }
  await recordFindings(c, d, findings);
}

async function recordFindings(c: Context, d: RequestEvent, findings: Finding[]): Promise<void> {
  const now = Date.now();
  let changed = false;
  for (const f of findings) {
    const key = keyOf(f, d.url);
    if (c.ignoredKeys.has(key)) continue;
    const acct = c.owners.get(f.fingerprint);
    const view: Omit<LeakView, 'count' | 'firstSeen' | 'lastSeen'> = {
      ...f,
      key,
      method: d.method,
      initiator: d.initiator ?? null,
      account: acct ? { id: acct.id, nickname: acct.nickname, userId: acct.userId } : null,
    };
    const { isNew } = await record(d.tabId, view, now);
    changed = true;
    if (!isNew) continue;
    if (acct) await addTimeline(acct.id, { at: now, kind: 'leaked', masked: f.masked, code: f.location }).catch(() => undefined);
    if (c.consoleWarnings && f.severity !== 'info') void warnInPage(d, f, acct?.nickname ?? null);
  }
  if (changed) scheduleTabUpdate(d.tabId);
}

/** `origin + path` of a (masked) URL: what a document of another origin may be told about it. */
function originAndPath(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url.split(/[?#]/)[0]!;
  }
}

const NAVIGATION_TYPES = new Set(['main_frame', 'sub_frame']);
const COMMIT_WAIT_MS = 10_000;
const COMMIT_POLL_MS = 200;

/**
 * The redacted warning, printed in the console of the document that made the request, and only
 * there: a subresource's warning targets its `documentId`; a navigation's waits until the new
 * document (the one at the navigated origin and path) has committed in that frame — never the
 * page that started the navigation, nor the one that happens to be there. A document is told the
 * query of its own origin's URLs only; another origin's URL is printed as origin and path.
 */
async function warnInPage(d: RequestEvent, f: Finding, nickname: string | null): Promise<void> {
  const navigation = NAVIGATION_TYPES.has(d.type);
  // The origin (and, for a navigation, the path) the receiving document must have.
  const expectOrigin = navigation ? originOf(d.url) : d.initiator ?? null;
  if (!expectOrigin || expectOrigin === 'null') return;
  const expectPath = navigation ? new URL(d.url).pathname : null;
  const shown = originOf(d.url) === expectOrigin ? f.url : originAndPath(f.url);
  const kind = chrome.i18n.getMessage(`leakKind_${f.kind}`);
  const where = f.param
    ? chrome.i18n.getMessage('leakWhereParam', [chrome.i18n.getMessage(`leakLoc_${f.location}`), `"${f.param}"`])
    : chrome.i18n.getMessage(`leakLoc_${f.location}`);
  const fix = chrome.i18n.getMessage(`fix_${f.fixId}`) || f.fix;
  let text = chrome.i18n.getMessage('consoleWarning', [kind, where, shown, fix]);
  if (nickname) text += ` ${chrome.i18n.getMessage('consoleWarningSeller', nickname)}`;
  const target: chrome.scripting.InjectionTarget =
    !navigation && d.documentId ? { tabId: d.tabId, documentIds: [d.documentId] } : { tabId: d.tabId, frameIds: [d.frameId] };
  const inject = async (): Promise<boolean> => {
    const results = await chrome.scripting
      .executeScript({
        target,
        world: 'MAIN',
        injectImmediately: true,
        // Runs in the page: prints only in a document of the expected origin (and path).
        func: (msg: string, masked: string, origin: string, path: string | null) => {
          if (location.origin !== origin || (path !== null && location.pathname !== path)) return false;
          console.warn(`[MP Credential Hygiene] ${msg}`, { credential: masked });
          return true;
        },
        args: [text, f.masked, expectOrigin, expectPath],
      })
      .catch(() => null); // the page may be navigating away or not scriptable (chrome://)
    return !!results?.some((r) => r.result === true);
  };
  if (!navigation) {
    await inject();
    return;
  }
  // A navigation: the request is seen before its document exists. Wait for it to commit.
  const deadline = Date.now() + COMMIT_WAIT_MS;
  while (Date.now() < deadline) {
    if (await inject()) return;
    await new Promise((r) => setTimeout(r, COMMIT_POLL_MS));
  }
}

/** A burst of findings on a tab becomes one badge update and one event to open pages. */
const tabTimers = new Map<number, ReturnType<typeof setTimeout>>();
function scheduleTabUpdate(tabId: number): void {
  if (tabTimers.has(tabId)) return;
  tabTimers.set(
    tabId,
    setTimeout(() => {
      tabTimers.delete(tabId);
      void updateTabBadge(tabId);
      emit('leaks', tabId);
    }, 100),
  );
}

/** Per-tab badge: count of findings at warning or above, red when any is critical; tooltip in words. */
export async function updateTabBadge(tabId: number): Promise<void> {
  const { findings } = await tabLeaks(tabId);
  const serious = findings.filter((f) => f.severity !== 'info');
  const critical = serious.filter((f) => f.severity === 'critical').length;
  try {
    if (serious.length === 0) {
      // Back to the global (token) badge for this tab.
      await chrome.action.setBadgeText({ tabId, text: null as unknown as string });
      await chrome.action.setTitle({ tabId, title: null as unknown as string });
      return;
    }
    await chrome.action.setBadgeText({ tabId, text: String(serious.length) });
    await chrome.action.setBadgeBackgroundColor({ tabId, color: critical ? '#B00020' : '#8A5A00' });
    await chrome.action.setTitle({
      tabId,
      title: `${chrome.i18n.getMessage('extName')} — ${chrome.i18n.getMessage('badgeTitleLeaks', [String(serious.length), String(critical)])}`,
    });
  } catch {
    /* the tab is gone */
  }
}

/** Scans the address of every open web page, as if it had just been navigated to. */
export async function scanOpenTabs(): Promise<void> {
  for (const tab of await chrome.tabs.query({})) {
    const url = tab.url ?? tab.pendingUrl;
    if (typeof tab.id !== 'number' || tab.id < 0 || !url || !/^https?:\/\//.test(url)) continue;
    await handle('request', { tabId: tab.id, frameId: 0, url, method: 'GET', type: 'main_frame' });
  }
}

export function installLeakMonitor(): void {
  const filter = { urls: ['<all_urls>'] };
  chrome.webRequest.onBeforeRequest.addListener(
    (d) => {
      void handle('request', d as unknown as RequestEvent).catch(() => undefined);
      return undefined;
    },
    filter,
    ['requestBody'],
  );
  chrome.webRequest.onBeforeSendHeaders.addListener(
    (d) => {
      void handle('headers', d as unknown as RequestEvent).catch(() => undefined);
      return undefined;
    },
    filter,
    ['requestHeaders', 'extraHeaders'],
  );
  chrome.webRequest.onHeadersReceived.addListener(
    (d) => {
      void handle('response', d as unknown as RequestEvent).catch(() => undefined);
      return undefined;
    },
    filter,
    ['responseHeaders'],
  );
  chrome.tabs.onRemoved.addListener((tabId) => void clearTab(tabId).catch(() => undefined));
  // Pages that loaded before this worker first ran (tabs open at install, tabs restored at browser
  // start) made requests nobody saw: their URLs are scanned once now.
  chrome.runtime.onInstalled.addListener(() => void scanOpenTabs().catch(() => undefined));
  chrome.runtime.onStartup.addListener(() => void scanOpenTabs().catch(() => undefined));
  onEmit((topic) => {
    if (topic === 'apps' || topic === 'settings' || topic === 'accounts') invalidateContext();
  });
}
