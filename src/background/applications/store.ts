/**
 * Applications: non-secret configuration in storage.local (`apps`), the client secret only in
 * the vault (`app:<id>`). Validation is core's `validateAppInput`.
 */
import { resolveEndpoints, validateAppInput, type AppConfig, type Endpoints } from '../../core/oauth';
import { CodedError, emit, getLocal, setLocal } from '../infra';
import { deleteSecrets, getSecret, putSecret, reauthenticate } from '../vault';
import type { AppHygiene } from '../../shared/api';

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

/**
 * What the client secret is sealed with: the client id and every endpoint it may be sent to
 * (resolved, so a change of country counts too). The application's configuration lives in
 * plain storage; a change made there without going through `upsertApp` no longer matches the
 * binding inside the encrypted record, and the secret is refused (`app_tampered`).
 */
export interface AppBinding {
  clientId: string;
  endpoints: Endpoints;
}
export function bindingOf(app: Pick<AppConfig, 'clientId' | 'siteId' | 'endpoints'>): AppBinding {
  const e = resolveEndpoints(app.siteId, app.endpoints);
  return { clientId: app.clientId, endpoints: { authorization: e.authorization, token: e.token, api: e.api } };
}
function sameBinding(a: AppBinding, b: AppBinding): boolean {
  return a.clientId === b.clientId && a.endpoints.authorization === b.endpoints.authorization && a.endpoints.token === b.endpoints.token && a.endpoints.api === b.endpoints.api;
}
function isBinding(x: unknown): x is AppBinding {
  if (typeof x !== 'object' || x === null) return false;
  const b = x as { clientId?: unknown; endpoints?: Record<string, unknown> };
  return typeof b.clientId === 'string' && typeof b.endpoints === 'object' && b.endpoints !== null && ['authorization', 'token', 'api'].every((k) => typeof b.endpoints![k] === 'string');
}
interface AppSecretRecord {
  clientSecret: string;
  binding?: unknown;
}

/** True when an encrypted `app:` record (as in a backup) is sealed for exactly this configuration. */
export function recordMatches(app: StoredApp, record: unknown): boolean {
  const b = (record as AppSecretRecord | null)?.binding;
  return isBinding(b) && sameBinding(b, bindingOf(app));
}

export async function clientSecretOf(appId: string): Promise<string> {
  const app = await getApp(appId);
  const rec = await getSecret<AppSecretRecord>(appSecretId(appId));
  if (!rec?.clientSecret) throw new CodedError('app_secret_missing');
  if (rec.binding === undefined) {
    // Sealed before bindings existed: bind it to what it is used with from now on.
    await putSecret(appSecretId(appId), { clientSecret: rec.clientSecret, binding: bindingOf(app) });
  } else if (!isBinding(rec.binding) || !sameBinding(rec.binding, bindingOf(app))) {
    throw new CodedError('app_tampered');
  }
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
  // Validated before anything is written, like the rest of the input.
  const now = Date.now();
  const lastRenewedAt = existing ? existing.lastRenewedAt : renewedWhenAdded(input.lastRenewedAt, now);
  const binding = bindingOf(v.value);
  if (existing) {
    const before = bindingOf(existing);
    const endpointsChanged = JSON.stringify(before.endpoints) !== JSON.stringify(binding.endpoints);
    // Where secrets go is security-relevant: ask for the passphrase again (device mode: a fresh unlock).
    if (endpointsChanged) await reauthenticate(input.passphrase);
    // A new token host receives the client secret: the user types it again, knowing where it goes.
    if (v.clientSecret === null && new URL(before.endpoints.token).host !== new URL(binding.endpoints.token).host) {
      throw new CodedError('app_secret_for_new_host', { field: 'clientSecret' });
    }
    if (v.clientSecret === null && !sameBinding(before, binding)) {
      // Same secret, new configuration: re-seal it with the new binding (refused if already tampered).
      await putSecret(appSecretId(v.value.id), { clientSecret: await clientSecretOf(existing.id), binding });
    }
  }
  if (v.clientSecret !== null) await putSecret(appSecretId(v.value.id), { clientSecret: v.clientSecret, binding });
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
