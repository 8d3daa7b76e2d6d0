import { DEFAULT_SETTINGS, mergeSettings, type Settings } from '../../shared/settings';
import { getLocal, setLocal } from './storage';
import { CodedError } from './router';
import { emit } from './events';

const KEY = 'settings';

/** Stored settings over the defaults. Values outside the UI's ranges (tests shorten timers) are kept. */
export async function getSettings(): Promise<Settings> {
  const stored = await getLocal<Partial<Settings>>(KEY);
  return { ...DEFAULT_SETTINGS, ...(stored ?? {}) };
}

export async function updateSettings(patch: Partial<Settings>): Promise<Settings> {
  const merged = mergeSettings(await getSettings(), patch);
  if (!merged.ok) {
    const first = merged.errors[0]!;
    throw new CodedError(`settings_${first.code}`, { field: first.field });
  }
  await setLocal({ [KEY]: merged.value });
  emit('settings');
  return merged.value;
}
