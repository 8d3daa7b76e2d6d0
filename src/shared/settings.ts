/** User settings: non-secret, kept in storage.local. Shared so pages can render the form. */
export interface Settings {
  /** Lock a passphrase vault after this many idle minutes. */
  autoLockMinutes: number;
  /** Refresh a seller's access token automatically when it is this close to expiry. */
  refreshWithinDays: number;
  /** Show "expiring soon" from this many days before expiry (and notify). */
  expiringSoonDays: number;
  /** Renew application (client-credentials) tokens automatically before their 6 hours end. */
  autoRenewAppTokens: boolean;
  /** Remind to renew the application's own credentials after this many days. */
  renewalReminderDays: number;
  notifications: boolean;
  /** Print a warning in the page's DevTools console when a leak is found there. */
  consoleWarnings: boolean;
  /** Clear a tab's findings when it navigates to a new page. */
  clearFindingsOnNavigation: boolean;
  /** Origins whose requests are not scanned (e.g. a local mock server), like `http://localhost:3000`. */
  ignoredOrigins: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  autoLockMinutes: 30,
  refreshWithinDays: 30,
  expiringSoonDays: 7,
  autoRenewAppTokens: false,
  renewalReminderDays: 90,
  notifications: true,
  consoleWarnings: true,
  clearFindingsOnNavigation: false,
  ignoredOrigins: [],
};

const RANGES: Partial<Record<keyof Settings, [number, number]>> = {
  autoLockMinutes: [1, 24 * 60],
  refreshWithinDays: [1, 170],
  expiringSoonDays: [1, 60],
  renewalReminderDays: [7, 365],
};

export type SettingsError = { field: keyof Settings; code: 'out_of_range' | 'invalid_origin' | 'invalid_type' };

/** Normalizes an origin the user typed (`localhost:3000` is not enough: a scheme is needed). */
export function normalizeOrigin(input: string): string | null {
  try {
    const u = new URL(input.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin;
  } catch {
    return null;
  }
}

/** Validates a partial update; returns the merged settings or the first errors. */
export function mergeSettings(current: Settings, patch: Partial<Settings>): { ok: true; value: Settings } | { ok: false; errors: SettingsError[] } {
  const next: Settings = { ...current };
  const errors: SettingsError[] = [];
  for (const [k, v] of Object.entries(patch) as [keyof Settings, unknown][]) {
    if (!(k in DEFAULT_SETTINGS)) continue;
    const def = DEFAULT_SETTINGS[k];
    if (k === 'ignoredOrigins') {
      if (!Array.isArray(v)) { errors.push({ field: k, code: 'invalid_type' }); continue; }
      const origins = v.map((o) => (typeof o === 'string' ? normalizeOrigin(o) : null));
      if (origins.some((o) => o === null)) { errors.push({ field: k, code: 'invalid_origin' }); continue; }
      next.ignoredOrigins = [...new Set(origins as string[])].slice(0, 100);
    } else if (typeof def === 'number') {
      const range = RANGES[k]!;
      if (typeof v !== 'number' || !Number.isFinite(v)) { errors.push({ field: k, code: 'invalid_type' }); continue; }
      if (v < range[0] || v > range[1]) { errors.push({ field: k, code: 'out_of_range' }); continue; }
      (next as unknown as Record<string, unknown>)[k] = v;
    } else if (typeof def === 'boolean') {
      if (typeof v !== 'boolean') { errors.push({ field: k, code: 'invalid_type' }); continue; }
      (next as unknown as Record<string, unknown>)[k] = v;
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: next };
}
