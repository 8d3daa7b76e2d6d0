/**
 * Screenshots of the "MP Credentials" panel in a real, undocked DevTools window (not the panel
 * page opened as a tab): the built extension in headless Chromium, DevTools opened on a page that
 * leaks a token to the local sandbox, the panel chosen in DevTools' own tab strip.
 * `npx tsx scripts/shots/devtools.ts` after `npm run build`; scripts/screenshots.ts calls it too.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { launchExtension } from '../../test/e2e/harness';
import { sandboxFor } from '../../test/e2e/flows';
import { startSite, fakeAccessToken } from '../../test/e2e/site';
import { Cdp, DevToolsWindow, sleep, until } from '../../test/e2e/devtools-window';

export interface DevToolsShot {
  /** Chromium UI language: en-US, es, pt-BR. */
  lang: string;
  theme: 'light' | 'dark';
  out: string;
}

/** The panel's tab label in a UI language, from the extension's own messages (en-US → en, pt-BR → pt_BR). */
function panelTitle(lang: string): string {
  const dir = lang === 'en-US' ? 'en' : lang.replace('-', '_');
  const messages = JSON.parse(readFileSync(`public/_locales/${dir}/messages.json`, 'utf8')) as Record<string, { message: string }>;
  return messages.panelTitle!.message;
}

export async function shootDevToolsWindow(shot: DevToolsShot): Promise<void> {
  const ext = await launchExtension({ lang: shot.lang, extraArgs: ['--remote-debugging-port=0'] });
  const cdp = await Cdp.connect(ext.profileDir);
  const sb = await sandboxFor(ext);
  const site = await startSite();
  try {
    const page = await ext.context.newPage();
    await page.goto(`${site.url}/?checkout=pay`);
    const dt = await DevToolsWindow.open(ext, cdp, page);
    await dt.frame('src/ui/devtools/devtools.html');
    await dt.runCommand('Dock to bottom');
    // DevTools' own command names stay English whatever the extension's UI language.
    await dt.selectTab(panelTitle(shot.lang));
    const panel = await dt.frame('src/ui/devtools/panel.html');
    if (shot.theme === 'dark') {
      await dt.runCommand('Switch to dark theme');
      await until('the dark panel', async () => (await panel.eval('document.documentElement.dataset.theme')) === 'dark');
    }
    await page.evaluate(async ({ api, t, pk }) => {
      await fetch(`${api}/v1/payments/search?status=approved&access_token=${t}&limit=10`).catch(() => undefined);
      await fetch(`${api}/v1/payment_methods?public_key=${pk}`).catch(() => undefined);
    }, { api: sb.url, t: fakeAccessToken(), pk: 'APP_USR-6f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b' });
    await until('two findings', () => panel.eval<boolean>(`document.querySelectorAll('[data-testid=leak]').length === 2`));
    await panel.eval(`document.querySelector('[data-testid=leak] button[aria-expanded]').click()`, { userGesture: true });
    await dt.runCommand('Undock into separate window');
    const { windowId } = await cdp.send<{ windowId: number }>('Browser.getWindowForTarget', { targetId: dt.targetId });
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { width: 1100, height: 760 } });
    await sleep(800);
    writeFileSync(shot.out, await dt.frontend.screenshot());
  } finally {
    cdp.close();
    await ext.close();
    await sb.close();
    await site.close();
  }
}

export const DEVTOOLS_SHOTS: DevToolsShot[] = [
  { lang: 'en-US', theme: 'light', out: 'docs/devtools-panel.png' },
  { lang: 'en-US', theme: 'dark', out: 'docs/devtools-panel-dark.png' },
  { lang: 'es', theme: 'light', out: 'docs/devtools-panel-es.png' },
  { lang: 'pt-BR', theme: 'dark', out: 'docs/devtools-panel-pt_BR-dark.png' },
];

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const shot of DEVTOOLS_SHOTS) {
    await shootDevToolsWindow(shot);
    console.log(shot.out);
  }
}
