/**
 * The real DevTools window, driven over the browser's own CDP endpoint: Playwright does not
 * expose DevTools targets, so this opens one raw WebSocket to `--remote-debugging-port`, calls
 * `Target.openDevTools` on the inspected page's target, attaches to the DevTools frontend
 * (devtools://devtools/bundled/devtools_app.html) and to the extension frames inside it, and
 * clicks and types there with `Input.*` events as a user would.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Page } from 'playwright-core';
import type { Ext } from './harness';

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
  title: string;
  attached: boolean;
}

type Pending = { resolve: (v: any) => void; reject: (e: Error) => void; method: string };

/** A browser-level CDP connection with flattened sessions. */
export class Cdp {
  private nextId = 0;
  private pending = new Map<number, Pending>();
  private listeners = new Set<(method: string, params: any, sessionId?: string) => void>();
  private constructor(private ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data));
      if (typeof msg.id === 'number') {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
        else p.resolve(msg.result);
      } else {
        for (const l of this.listeners) l(msg.method, msg.params, msg.sessionId);
      }
    });
    ws.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error(`${p.method}: CDP connection closed`));
      this.pending.clear();
    });
  }

  static async connect(profileDir: string): Promise<Cdp> {
    const file = join(profileDir, 'DevToolsActivePort');
    const deadline = Date.now() + 10_000;
    while (!existsSync(file) && Date.now() < deadline) await sleep(50);
    const [port, path] = readFileSync(file, 'utf8').split('\n');
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new Cdp(ws);
  }

  send<T = any>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  on(listener: (method: string, params: any, sessionId?: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async targets(): Promise<TargetInfo[]> {
    return (await this.send<{ targetInfos: TargetInfo[] }>('Target.getTargets')).targetInfos;
  }

  async attach(targetId: string): Promise<Session> {
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    return new Session(this, sessionId);
  }

  close(): void {
    this.ws.close();
  }
}

/** One attached target (a page or an out-of-process frame). */
export class Session {
  constructor(
    readonly cdp: Cdp,
    readonly id: string,
  ) {}

  send<T = any>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    return this.cdp.send<T>(method, params, this.id);
  }

  /** Evaluates an expression (awaiting promises) and returns its JSON value. */
  async eval<T = unknown>(expression: string, opts: { userGesture?: boolean } = {}): Promise<T> {
    const r = await this.send<{ result: { value: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>('Runtime.evaluate', {
      expression,
      returnByValue: true,
      awaitPromise: true,
      userGesture: opts.userGesture ?? false,
    });
    if (r.exceptionDetails) throw new Error(`eval failed: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
    return r.result.value;
  }

  async click(x: number, y: number): Promise<void> {
    await this.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
    await this.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y, button: 'left', clickCount: 1 });
    await this.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y, button: 'left', clickCount: 1 });
  }

  async key(key: string, code: string, keyCode: number, modifiers = 0): Promise<void> {
    await this.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key, code, windowsVirtualKeyCode: keyCode, modifiers });
    await this.send('Input.dispatchKeyEvent', { type: 'keyUp', key, code, windowsVirtualKeyCode: keyCode, modifiers });
  }

  async type(text: string): Promise<void> {
    await this.send('Input.insertText', { text });
  }

  async screenshot(clip?: { x: number; y: number; width: number; height: number }): Promise<Buffer> {
    const r = await this.send<{ data: string }>('Page.captureScreenshot', { format: 'png', ...(clip ? { clip: { ...clip, scale: 1 } } : {}) });
    return Buffer.from(r.data, 'base64');
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(100);
  }
}


const CTRL = 2;
const SHIFT = 8;

// Every element matching `selector` in the document and its (nested) shadow roots.
export const DEEP = `((root, selector) => { const out = []; const walk = (r) => { out.push(...r.querySelectorAll(selector)); for (const el of r.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot); }; walk(root); return out; })`;

// A top-level tab by its label, through DevTools' shadow roots; its box in the frontend's viewport.
const FIND_TAB = (label: string) => `(() => {
  const el = ${DEEP}(document, '[role=tab]').find((t) => t.getAttribute('aria-label') === ${JSON.stringify(label)} || t.textContent.trim() === ${JSON.stringify(label)});
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return { x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width, selected: el.getAttribute('aria-selected') === 'true' };
})()`;

/** A DevTools window opened on one page, with the extension's frames inside it. */
export class DevToolsWindow {
  private constructor(
    readonly cdp: Cdp,
    readonly frontend: Session,
    readonly targetId: string,
    private ext: Ext,
  ) {}

  /** Opens DevTools for `page` as F12 would (`Target.openDevTools` on that page's target). */
  static async open(ext: Ext, cdp: Cdp, page: Page): Promise<DevToolsWindow> {
    const marker = `mp-devtools-${Math.random().toString(36).slice(2)}`;
    await page.evaluate((m) => {
      (window as unknown as Record<string, string>).__mpDevtoolsMarker = m;
    }, marker);
    // Find this page's target by its URL (and, if several share it, by the marker).
    const candidates = (await cdp.targets()).filter((t) => t.type === 'page' && t.url === page.url());
    let target = candidates[0];
    if (candidates.length > 1) {
      for (const c of candidates) {
        const s = await cdp.attach(c.targetId);
        const m = await s.eval<string>('window.__mpDevtoolsMarker ?? ""');
        await cdp.send('Target.detachFromTarget', { sessionId: s.id });
        if (m === marker) target = c;
      }
    }
    if (!target) throw new Error(`no page target for ${page.url()}`);
    const { targetId } = await cdp.send<{ targetId: string }>('Target.openDevTools', { targetId: target.targetId });
    const frontend = await cdp.attach(targetId);
    await frontend.send('Runtime.enable');
    await until('the DevTools frontend', () => frontend.eval<boolean>(`document.readyState === 'complete' && !!document.querySelector('.tabbed-pane, .main-tabbed-pane, body *')`));
    return new DevToolsWindow(cdp, frontend, targetId, ext);
  }

  /** Targets of the extension's frames inside this DevTools window. */
  async extensionFrames(): Promise<TargetInfo[]> {
    const prefix = `chrome-extension://${this.ext.id}/`;
    return (await this.cdp.targets()).filter((t) => t.type === 'iframe' && t.url.startsWith(prefix));
  }

  /** Waits for the extension frame whose URL starts with `path` and attaches to it. */
  async frame(path: string): Promise<Session> {
    const url = this.ext.url(path);
    const t = await until(`extension frame ${path}`, async () => (await this.extensionFrames()).find((f) => f.url.startsWith(url)));
    const s = await this.cdp.attach(t.targetId);
    await s.send('Runtime.enable');
    return s;
  }

  /** The command menu (Ctrl+Shift+P), as a user reaches every DevTools command. */
  async runCommand(name: string): Promise<void> {
    await this.frontend.key('P', 'KeyP', 80, CTRL | SHIFT);
    await until('the command menu', () => this.frontend.eval<boolean>(`${DEEP}(document, '.filtered-list-widget').some((el) => el.getClientRects().length > 0)`));
    await this.frontend.type(name);
    // Enter runs the highlighted entry: wait until the list has filtered down to this command.
    await until(`command "${name}" highlighted`, () =>
      this.frontend.eval<boolean>(`${DEEP}(document, '.filtered-list-widget-item.selected').some((el) => el.textContent.includes(${JSON.stringify(name)}))`),
    );
    await this.frontend.key('Enter', 'Enter', 13);
    await until('the command menu to close', async () => !(await this.frontend.eval<boolean>(`${DEEP}(document, '.filtered-list-widget').some((el) => el.getClientRects().length > 0)`)));
  }

  /** Where a top-level tab (Elements, Console, an extension panel…) is, or null when not shown. */
  tab(label: string): Promise<{ x: number; y: number; w: number; selected: boolean } | null> {
    return this.frontend.eval(FIND_TAB(label));
  }

  /** Clicks a top-level DevTools tab by its label, as a user does. */
  async selectTab(label: string): Promise<void> {
    const box = await until(`DevTools tab "${label}"`, async () => {
      const b = await this.tab(label);
      return b && b.w > 0 ? b : null;
    });
    await this.frontend.click(box.x, box.y);
    await until(`tab "${label}" selected`, async () => (await this.tab(label))?.selected ?? false);
  }

  async close(): Promise<void> {
    await this.cdp.send('Target.closeTarget', { targetId: this.targetId }).catch(() => undefined);
  }
}
