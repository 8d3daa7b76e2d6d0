/**
 * A Mercado Pago application as configured in the options page, and validation of the form input.
 * The client secret is not part of `AppConfig`: it is returned apart so the caller can hand it
 * straight to the vault.
 */
import { isSiteId, type SiteId } from '../sites';
import { ENDPOINT_KEYS, parseCustomEndpoint, type Endpoints } from './endpoints';

export type PkceMode = 'S256' | 'plain' | 'off';
export const PKCE_MODES: readonly PkceMode[] = ['S256', 'plain', 'off'];

export interface AppConfig {
  id: string;
  name: string;
  /** The application number (digits). */
  clientId: string;
  siteId: SiteId;
  pkce: PkceMode;
  /** Ask for sandbox credentials (`test_token=true` in the code exchange). */
  sandbox: boolean;
  /** Custom endpoints (advanced); absent keys use the country's production defaults. */
  endpoints?: Partial<Endpoints>;
}

export type AppField =
  | 'id'
  | 'name'
  | 'clientId'
  | 'clientSecret'
  | 'siteId'
  | 'pkce'
  | 'sandbox'
  | 'endpoints'
  | 'endpoints.authorization'
  | 'endpoints.token'
  | 'endpoints.api';

export type AppFieldErrorCode =
  | 'input_invalid'
  | 'id_invalid'
  | 'name_required'
  | 'name_too_long'
  | 'client_id_required'
  | 'client_id_digits'
  | 'client_secret_required'
  | 'client_secret_invalid'
  | 'site_invalid'
  | 'pkce_invalid'
  | 'sandbox_invalid'
  | 'endpoint_invalid'
  | 'endpoint_not_https';

export interface AppFieldError {
  field: AppField;
  code: AppFieldErrorCode;
}

export type AppValidation =
  | { ok: true; value: AppConfig; /** `null` only when `secretOptional` and none was typed. */ clientSecret: string | null }
  | { ok: false; errors: AppFieldError[] };

export interface ValidateAppOptions {
  /** Id to use when the input carries none (the caller generates it, e.g. `crypto.randomUUID()`). */
  id?: string;
  /** Editing an existing application: an empty secret means "keep the stored one". */
  secretOptional?: boolean;
}

export const NAME_MAX = 80;
const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
const CLIENT_ID_RE = /^\d{1,32}$/;
/** Visible ASCII, no spaces; 32 letters/digits today, older docs use the app's access token. */
const CLIENT_SECRET_RE = /^[\x21-\x7e]{1,512}$/;

function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x.trim() : undefined;
}

/**
 * Validates the options-page form for an application.
 * Strings are trimmed. Defaults: `pkce` 'S256', `sandbox` false. Empty custom endpoints are dropped.
 */
export function validateAppInput(input: unknown, options: ValidateAppOptions = {}): AppValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: 'name', code: 'input_invalid' }] };
  }
  const o = input as Record<string, unknown>;
  const errors: AppFieldError[] = [];

  const id = str(o.id) || options.id;
  if (!id || !ID_RE.test(id)) errors.push({ field: 'id', code: 'id_invalid' });

  const name = str(o.name) ?? '';
  if (!name) errors.push({ field: 'name', code: 'name_required' });
  else if (name.length > NAME_MAX) errors.push({ field: 'name', code: 'name_too_long' });

  const clientId = str(o.clientId) ?? (typeof o.clientId === 'number' ? String(o.clientId) : '');
  if (!clientId) errors.push({ field: 'clientId', code: 'client_id_required' });
  else if (!CLIENT_ID_RE.test(clientId)) errors.push({ field: 'clientId', code: 'client_id_digits' });

  const secret = str(o.clientSecret) ?? '';
  let clientSecret: string | null = null;
  if (!secret) {
    if (!options.secretOptional) errors.push({ field: 'clientSecret', code: 'client_secret_required' });
  } else if (!CLIENT_SECRET_RE.test(secret)) {
    errors.push({ field: 'clientSecret', code: 'client_secret_invalid' });
  } else {
    clientSecret = secret;
  }

  const siteId = o.siteId;
  if (!isSiteId(siteId)) errors.push({ field: 'siteId', code: 'site_invalid' });

  let pkce: PkceMode = 'S256';
  if (o.pkce !== undefined) {
    if (typeof o.pkce === 'string' && (PKCE_MODES as readonly string[]).includes(o.pkce)) pkce = o.pkce as PkceMode;
    else errors.push({ field: 'pkce', code: 'pkce_invalid' });
  }

  let sandbox = false;
  if (o.sandbox !== undefined) {
    if (typeof o.sandbox === 'boolean') sandbox = o.sandbox;
    else errors.push({ field: 'sandbox', code: 'sandbox_invalid' });
  }

  let endpoints: Partial<Endpoints> | undefined;
  if (o.endpoints !== undefined && o.endpoints !== null) {
    if (typeof o.endpoints !== 'object' || Array.isArray(o.endpoints)) {
      errors.push({ field: 'endpoints', code: 'endpoint_invalid' });
    } else {
      const e = o.endpoints as Record<string, unknown>;
      for (const key of ENDPOINT_KEYS) {
        const raw = e[key];
        if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) continue;
        if (typeof raw !== 'string') {
          errors.push({ field: `endpoints.${key}`, code: 'endpoint_invalid' });
          continue;
        }
        const parsed = parseCustomEndpoint(raw);
        if (parsed.ok) (endpoints ??= {})[key] = parsed.url;
        else errors.push({ field: `endpoints.${key}`, code: parsed.code });
      }
    }
  }

  if (errors.length > 0 || !id || !isSiteId(siteId)) return { ok: false, errors };
  const value: AppConfig = { id, name, clientId, siteId, pkce, sandbox };
  if (endpoints) value.endpoints = endpoints;
  return { ok: true, value, clientSecret };
}
