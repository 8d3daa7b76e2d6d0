/**
 * Live updates to open pages. Pages connect a runtime port (popup, options, DevTools panel);
 * the background posts `{topic}` and the page re-reads what it shows. Ports live only as long
 * as the worker: pages reconnect when theirs disconnects.
 */
import { isOwnPage } from './router';
import type { Topic, PortMessage } from '../../shared/api';

interface Listener {
  port: chrome.runtime.Port;
  tabId: number | null;
}
const listeners = new Set<Listener>();

const hooks: ((topic: Topic, tabId: number | null) => void)[] = [];
/** Background-side observers of the same events (badge, notifications, alarms). */
export function onEmit(fn: (topic: Topic, tabId: number | null) => void): void {
  hooks.push(fn);
}

export function emit(topic: Topic, tabId: number | null = null, data?: unknown): void {
  for (const h of hooks) h(topic, tabId);
  const msg: PortMessage = { topic, tabId, data };
  for (const l of listeners) {
    if (tabId !== null && l.tabId !== null && l.tabId !== tabId) continue;
    try {
      l.port.postMessage(msg);
    } catch {
      listeners.delete(l);
    }
  }
}

export function installPorts(): void {
  const runtimeId = chrome.runtime.id;
  const base = chrome.runtime.getURL('');
  chrome.runtime.onConnect.addListener((port) => {
    if (!port.sender || !isOwnPage(port.sender, runtimeId, base)) {
      port.disconnect();
      return;
    }
    const m = /^(?:panel|popup|options):(\d+|all)$/.exec(port.name);
    const tabId = m && m[1] !== 'all' ? Number(m[1]) : null;
    const l: Listener = { port, tabId };
    listeners.add(l);
    port.onDisconnect.addListener(() => listeners.delete(l));
  });
}
