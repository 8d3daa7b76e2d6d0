/**
 * Per-tab findings of the leak monitor: de-duplicated by fingerprint + origin + location + param
 * (with a counter and first/last seen), bounded per tab and in total (oldest dropped first, and
 * the number dropped is kept so the UI can say so), and kept in chrome.storage.session so a
 * service-worker restart loses none. Only the engine's redacted findings are stored.
 *
 * Writes are coalesced: a burst of requests updates memory and schedules one storage write.
 */
import type { Finding } from '../../core/leaks';
import type { LeakView, TabLeaks } from '../../shared/api';
import { getSession, setSession, removeSession, allSession } from '../infra';

export const PER_TAB_LIMIT = 200;
export const TOTAL_LIMIT = 1000;
const PREFIX = 'leaks.tab.';
const FLUSH_MS = 150;

interface TabState {
  findings: LeakView[];
  dropped: number;
}

const tabs = new Map<number, TabState>();
const dirty = new Set<number>();
let loaded: Promise<void> | null = null;
let flushTimer: ReturnType<typeof setTimeout> | null = null;

function load(): Promise<void> {
  loaded ??= allSession().then((all) => {
    for (const [k, v] of Object.entries(all)) {
      if (!k.startsWith(PREFIX)) continue;
      const id = Number(k.slice(PREFIX.length));
      if (!tabs.has(id)) tabs.set(id, v as TabState);
    }
  });
  return loaded;
}

export function keyOf(f: Finding, requestUrl: string): string {
  let origin = '';
  try {
    origin = new URL(requestUrl).origin;
  } catch {
    /* keep empty */
  }
  return `${f.fingerprint}|${origin}|${f.location}|${f.param ?? ''}`;
}

function scheduleFlush(): void {
  flushTimer ??= setTimeout(() => {
    flushTimer = null;
    void flush();
  }, FLUSH_MS);
}

export async function flush(): Promise<void> {
  const ids = [...dirty];
  dirty.clear();
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  for (const id of ids) {
    const st = tabs.get(id);
    if (st) set[PREFIX + id] = st;
    else remove.push(PREFIX + id);
  }
  if (Object.keys(set).length) await setSession(set);
  if (remove.length) await removeSession(remove);
}

function totalCount(): number {
  let n = 0;
  for (const st of tabs.values()) n += st.findings.length;
  return n;
}

/** Drops the oldest findings (by last seen) until both bounds hold. */
function enforceBounds(tabId: number): void {
  const st = tabs.get(tabId)!;
  while (st.findings.length > PER_TAB_LIMIT) {
    st.findings.sort((a, b) => a.lastSeen - b.lastSeen);
    st.findings.shift();
    st.dropped++;
  }
  let total = totalCount();
  while (total > TOTAL_LIMIT) {
    let oldest: { id: number; i: number; at: number } | null = null;
    for (const [id, s] of tabs) {
      s.findings.forEach((f, i) => {
        if (!oldest || f.lastSeen < oldest.at) oldest = { id, i, at: f.lastSeen };
      });
    }
    if (!oldest) break;
    const { id, i } = oldest as { id: number; i: number };
    const s = tabs.get(id)!;
    s.findings.splice(i, 1);
    s.dropped++;
    dirty.add(id);
    total--;
  }
}

/** Adds or counts a finding; returns it and whether it is new for this tab. */
export async function record(tabId: number, view: Omit<LeakView, 'count' | 'firstSeen' | 'lastSeen'>, now: number): Promise<{ view: LeakView; isNew: boolean }> {
  await load();
  const st = tabs.get(tabId) ?? { findings: [], dropped: 0 };
  tabs.set(tabId, st);
  const existing = st.findings.find((f) => f.key === view.key);
  let result: LeakView;
  if (existing) {
    existing.count++;
    existing.lastSeen = now;
    existing.url = view.url;
    result = existing;
  } else {
    result = { ...view, count: 1, firstSeen: now, lastSeen: now };
    st.findings.push(result);
    enforceBounds(tabId);
  }
  dirty.add(tabId);
  scheduleFlush();
  return { view: result, isNew: !existing };
}

export async function tabLeaks(tabId: number): Promise<TabLeaks> {
  await load();
  const st = tabs.get(tabId) ?? (await getSession<TabState>(PREFIX + tabId)) ?? { findings: [], dropped: 0 };
  const order = { critical: 0, warning: 1, info: 2 } as const;
  const findings = [...st.findings].sort((a, b) => order[a.severity] - order[b.severity] || b.lastSeen - a.lastSeen);
  return { tabId, findings, dropped: st.dropped, limits: { perTab: PER_TAB_LIMIT, total: TOTAL_LIMIT } };
}

export async function removeFinding(tabId: number, key: string): Promise<void> {
  await load();
  const st = tabs.get(tabId);
  if (!st) return;
  st.findings = st.findings.filter((f) => f.key !== key);
  dirty.add(tabId);
  await flush();
}

export async function clearTab(tabId: number): Promise<void> {
  await load();
  tabs.delete(tabId);
  dirty.add(tabId);
  await flush();
}

/** Removes findings from every tab that match a predicate (e.g. a newly ignored origin). */
export async function removeWhere(pred: (f: LeakView) => boolean): Promise<number[]> {
  await load();
  const touched: number[] = [];
  for (const [id, st] of tabs) {
    const before = st.findings.length;
    st.findings = st.findings.filter((f) => !pred(f));
    if (st.findings.length !== before) {
      dirty.add(id);
      touched.push(id);
    }
  }
  await flush();
  return touched;
}
