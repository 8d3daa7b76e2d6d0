// UI tests run outside the extension: serve browser.i18n from the English messages.json.
import { afterEach, vi } from 'vitest';
import { cleanup } from '@testing-library/preact';

afterEach(() => cleanup());
import { readFileSync } from 'node:fs';

const en: Record<string, { message: string }> = JSON.parse(readFileSync('public/_locales/en/messages.json', 'utf8'));
export const sent: { type: string; payload: unknown }[] = [];
export const replies = new Map<string, unknown>();

vi.mock('webextension-polyfill', () => ({
  default: {
    i18n: {
      getMessage: (key: string, subs?: string[]) => {
        const m = en[key]?.message ?? '';
        return m.replace(/\$(\d)/g, (_, n: string) => subs?.[Number(n) - 1] ?? '');
      },
      getUILanguage: () => 'en',
    },
    runtime: {
      sendMessage: async (msg: { type: string; payload: unknown }) => {
        sent.push(msg);
        const r = replies.get(msg.type);
        return typeof r === 'function' ? (r as (p: unknown) => unknown)(msg.payload) : r;
      },
      connect: () => ({ onMessage: { addListener() {} }, onDisconnect: { addListener() {} }, postMessage() {}, disconnect() {} }),
      getURL: (p: string) => `chrome-extension://test/${p}`,
    },
    tabs: { query: async () => [], create: async () => ({}) },
  },
}));
