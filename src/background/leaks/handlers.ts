import { normalizeOrigin } from '../../shared/settings';
import { CodedError, emit, getLocal, getSettings, setLocal, updateSettings, type Handler } from '../infra';
import { refuseWhileLocked } from '../vault';
import { clearTab, removeFinding, removeWhere, tabLeaks } from './store';
import { IGNORED_KEYS, invalidateContext, updateTabBadge } from './monitor';

const IGNORED_CAP = 500;

function validTab(tabId: unknown): number {
  if (typeof tabId !== 'number' || !Number.isInteger(tabId) || tabId < 0) throw new CodedError('bad_request');
  return tabId;
}

type K = 'leaks.list' | 'leaks.ignore' | 'leaks.clear' | 'leaks.ignoredOrigins';

export const leakHandlers: { [P in K]: Handler<P> } = {
  'leaks.list': ({ tabId }) => tabLeaks(validTab(tabId)),
  async 'leaks.ignore'({ tabId, key }) {
    validTab(tabId);
    await refuseWhileLocked(); // an ignore rule changes what is watched
    const ignored = (await getLocal<string[]>(IGNORED_KEYS)) ?? [];
    await setLocal({ [IGNORED_KEYS]: [...ignored.filter((k) => k !== key), key].slice(-IGNORED_CAP) });
    invalidateContext();
    await removeFinding(tabId, key);
    await updateTabBadge(tabId);
    emit('leaks', tabId);
    return {};
  },
  async 'leaks.clear'({ tabId }) {
    await clearTab(validTab(tabId));
    await updateTabBadge(tabId);
    emit('leaks', tabId);
    return {};
  },
  /** Per-origin ignore rules (e.g. a local mock server): also removes what they now cover. */
  async 'leaks.ignoredOrigins'({ add, remove }) {
    await refuseWhileLocked();
    const settings = await getSettings();
    let origins = settings.ignoredOrigins;
    if (add !== undefined) {
      const o = normalizeOrigin(add);
      if (!o) throw new CodedError('settings_invalid_origin', { field: 'ignoredOrigins' });
      origins = [...new Set([...origins, o])];
    }
    if (remove !== undefined) origins = origins.filter((o) => o !== remove);
    const next = await updateSettings({ ignoredOrigins: origins });
    if (add !== undefined) {
      const o = normalizeOrigin(add)!;
      const touched = await removeWhere((f) => f.initiator === o || (() => { try { return new URL(f.url).origin === o; } catch { return false; } })());
      for (const id of touched) {
        await updateTabBadge(id);
        emit('leaks', id);
      }
    }
    return { origins: next.ignoredOrigins };
  },
};
