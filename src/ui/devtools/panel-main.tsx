import { mount } from '../components/mount';
import { Panel } from './Panel';
import './panel.css';

/**
 * DevTools tells its panels which theme it shows (`themeName`: "default" or "dark") and when the
 * user switches; the panel follows it through `data-theme` on the root element. Opened as a plain
 * tab (no `chrome.devtools`), the page follows the system's colour scheme instead.
 */
function followDevToolsTheme(): void {
  const panels = (globalThis as { chrome?: { devtools?: { panels?: { themeName?: string; setThemeChangeHandler?: (cb: (name: string) => void) => void } } } }).chrome?.devtools?.panels;
  if (!panels || typeof panels.themeName !== 'string') return;
  const apply = (name: string) => {
    document.documentElement.dataset.theme = name === 'dark' ? 'dark' : 'light';
  };
  apply(panels.themeName);
  panels.setThemeChangeHandler?.(apply);
}

followDevToolsTheme();
const tabId = Number(new URLSearchParams(location.search).get('tabId'));
mount(<Panel tabId={Number.isInteger(tabId) && tabId > 0 ? tabId : null} />, 'panelTitle');
