import { useEffect, useState, useCallback } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { PortMessage, Topic } from '../../shared/api';
import { asErrorValue } from './useAsync';
import type { ErrorValue } from '../../shared/messages';

type Subscriber = (msg: PortMessage) => void;
const subscribers = new Set<Subscriber>();
let connected = false;

/** One port per page; reconnects when the service worker restarts (its ports die with it). */
function ensurePort(name: string): void {
  if (connected) return;
  connected = true;
  const connect = () => {
    let port: ReturnType<typeof browser.runtime.connect>;
    try {
      port = browser.runtime.connect({ name });
    } catch {
      connected = false;
      return;
    }
    port.onMessage.addListener((msg: unknown) => {
      for (const s of subscribers) s(msg as PortMessage);
    });
    port.onDisconnect.addListener(() => {
      // The worker went away; reconnect shortly and tell everyone to reload.
      setTimeout(() => {
        connect();
        for (const s of subscribers) s({ topic: 'vault', tabId: null });
      }, 250);
    });
  };
  connect();
}

let portName = 'popup:all';
export function setPortName(name: string): void {
  portName = name;
}

/** Loads data and reloads it whenever the background announces one of `topics`. */
export function useLive<T>(topics: Topic[], load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ErrorValue | null>(null);
  const reload = useCallback(() => {
    load().then(
      (v) => {
        setData(v);
        setError(null);
      },
      (e) => setError(asErrorValue(e)),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(() => {
    ensurePort(portName);
    reload();
    const sub: Subscriber = (msg) => {
      if (topics.includes(msg.topic) || msg.topic === 'vault') reload();
    };
    subscribers.add(sub);
    return () => subscribers.delete(sub);
  }, [reload]);
  return { data, error, reload };
}
