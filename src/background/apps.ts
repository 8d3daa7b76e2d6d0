/**
 * Applications: non-secret configuration in storage.local (`apps`), the client secret only in
 * the vault (`app:<id>`). Validation is core's `validateAppInput`.
 */
import { validateAppInput, type AppConfig } from '../core/oauth';
import { getLocal, setLocal } from './storage';
import { CodedError } from './router';
import { deleteSecrets, getSecret, putSecret } from './vault';
import { emit } from './events';
import type { AppHygiene } from '../shared/api';

export interface StoredApp extends AppConfig, AppHygiene {
  createdAt: number;
}

const KEY = 'apps';
export const appSecretId = (appId: string) => `app:${appId}`;

export async function listApps(): Promise<StoredApp[]> {
  return (await getLocal<StoredApp[]>(KEY)) ?? [];
}

export async function getApp(appId: string): Promise<StoredApp> {
  const app = (await listApps()).find((a) => a.id === appId);
  if (!app) throw new CodedError('app_not_found');
  return app;
}

export async function saveApps(apps: StoredApp[]): Promise<void> {
  await setLocal({ [KEY]: apps });
  emit('apps');
}

export async function clientSecretOf(appId: string): Promise<string> {
  const rec = await getSecret<{ clientSecret: string }>(appSecretId(appId));
  if (!rec?.clientSecret) throw new CodedError('app_secret_missing');
  return rec.clientSecret;
}

/** Adds or edits an application. The secret goes to the vault first; a failure leaves nothing half-saved. */
export async function upsertApp(input: Record<string, unknown>): Promise<StoredApp> {
  const apps = await listApps();
  const existing = typeof input.id === 'string' ? apps.find((a) => a.id === input.id) : undefined;
  const v = validateAppInput(input, { id: existing?.id ?? crypto.randomUUID(), secretOptional: !!existing });
  if (!v.ok) {
    const first = v.errors[0]!;
    throw new CodedError(`app_${first.code}`, { field: first.field });
  }
  const now = Date.now();
  const lastRenewedAt = existing ? existing.lastRenewedAt : renewedWhenAdded(input.lastRenewedAt, now);
  if (v.clientSecret !== null) await putSecret(appSecretId(v.value.id), { clientSecret: v.clientSecret });
  const app: StoredApp = {
    ...v.value,
    createdAt: existing?.createdAt ?? now,
    lastRenewedAt,
    renewalStartedAt: existing?.renewalStartedAt ?? null,
    sharingReviewedAt: existing?.sharingReviewedAt ?? null,
  };
  await saveApps(existing ? apps.map((a) => (a.id === app.id ? app : a)) : [...apps, app]);
  return app;
}

/** The "when did you last renew these credentials?" answer given when adding: a past time, or none ("I don't know"). */
function renewedWhenAdded(x: unknown, now: number): number | null {
  if (x === undefined || x === null) return null;
  if (typeof x !== 'number' || !Number.isFinite(x) || x <= 0 || x > now + 86_400_000) {
    throw new CodedError('app_renewed_date_invalid', { field: 'lastRenewedAt' });
  }
  return Math.min(x, now);
}

export async function removeApp(appId: string): Promise<void> {
  const apps = await listApps();
  await saveApps(apps.filter((a) => a.id !== appId));
  await deleteSecrets([appSecretId(appId)]);
}
