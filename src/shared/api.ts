/**
 * The request/response map of the protocol. One entry per request type: `req` is what the page
 * sends, `res` what the background answers. Types only; no runtime code.
 */
import type { Settings } from './settings';
import type { Finding } from '../core/leaks/types';

export interface StatusInfo {
  version: string;
  extensionId: string;
  redirectUrl: string;
  startedAt: number;
}

export interface VaultStateInfo {
  state: 'uninitialized' | 'locked' | 'unlocked';
  mode: 'passphrase' | 'device' | null;
  /** When the next unlock attempt is allowed after repeated failures (ms epoch), or null. */
  retryAt: number | null;
  autoLockMinutes: number;
  /** The stored vault header is damaged: it cannot be opened; the pages offer "reset the vault". */
  broken?: 'header';
}

export type SiteCode = 'MLA' | 'MLB' | 'MLC' | 'MLM' | 'MLU' | 'MCO' | 'MPE';

/** Credential-renewal hygiene kept per application. */
export interface AppHygiene {
  /** When the developer last renewed the application's credentials in the panel. */
  lastRenewedAt: number | null;
  /** When "I renewed my credentials" was pressed: old credentials stop 12 h later. */
  renewalStartedAt: number | null;
  /** When the developer last reviewed who their credentials are shared with. */
  sharingReviewedAt: number | null;
}

export interface AppView extends AppHygiene {
  id: string;
  name: string;
  clientId: string;
  siteId: SiteCode;
  pkce: 'S256' | 'plain' | 'off';
  sandbox: boolean;
  endpoints?: { authorization?: string; token?: string; api?: string };
  /** Masked client secret, or null when the vault is locked. */
  maskedSecret: string | null;
  panelUrl: string;
  appToken: AppTokenView | null;
  renewal: { reminderDue: boolean; daysSinceRenewal: number | null; graceEndsAt: number | null; inGrace: boolean };
  checklist: { id: string; ok: boolean }[];
}

export type AccountStatus = 'ok' | 'expiring_soon' | 'expired' | 'needs_relink' | 'refresh_failed' | 'outcome_unknown' | 'locked';

export interface AccountView {
  id: string;
  appId: string;
  appName: string;
  userId: string;
  nickname: string | null;
  siteId: string | null;
  liveMode: boolean;
  profileError: boolean;
  accessExpiresAt: number;
  linkedAt: number;
  lastRefreshAt: number | null;
  status: AccountStatus;
  /** Refresh is waiting for the vault to be unlocked. */
  waitingForUnlock: boolean;
  lastError: { code: string; at: number; retryAfter?: number; advice?: string } | null;
  maskedAccess: string;
  maskedRefresh: string | null;
  timeline: { at: number; kind: string; masked?: string; code?: string }[];
}

export interface AppTokenView {
  appId: string;
  expiresAt: number;
  obtainedAt: number;
  maskedAccess: string;
  status: 'ok' | 'expiring_soon' | 'expired';
}

export interface Overview {
  vault: VaultStateInfo;
  accounts: AccountView[];
  apps: AppView[];
  redirectUrl: string;
  /** A linking attempt that was cut off by a service-worker restart (nothing was saved). */
  interruptedFlow: { appId: string; at: number } | null;
}

export type LeakSeverity = Finding['severity'];

/**
 * One de-duplicated finding of the leak monitor: the engine's redacted `Finding` (no raw secret)
 * plus where and how often it was seen.
 */
export interface LeakView extends Finding {
  /** fingerprint|origin|location|param */
  key: string;
  method: string;
  initiator: string | null;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** Set when the leaked token is one of the linked sellers' tokens. */
  account: { id: string; nickname: string | null; userId: string } | null;
}

export interface TabLeaks {
  tabId: number;
  findings: LeakView[];
  /** Findings dropped because of the per-tab or total bound (oldest first). */
  dropped: number;
  limits: { perTab: number; total: number };
}

export type Topic = 'vault' | 'settings' | 'apps' | 'accounts' | 'leaks';
export interface PortMessage {
  topic: Topic;
  tabId: number | null;
  data?: unknown;
}

type Empty = Record<string, never>;

export interface Api {
  status: { req: Empty; res: StatusInfo };

  'vault.state': { req: Empty; res: VaultStateInfo };
  'vault.setup': { req: { mode: 'passphrase'; passphrase: string } | { mode: 'device' }; res: VaultStateInfo };
  'vault.unlock': { req: { passphrase: string }; res: VaultStateInfo };
  'vault.lock': { req: Empty; res: VaultStateInfo };
  'vault.changeProtection': {
    req: { to: 'passphrase'; currentPassphrase?: string; newPassphrase: string } | { to: 'device'; currentPassphrase: string };
    res: VaultStateInfo;
  };
  /** Encrypted backup as JSON text, protected by its own passphrase. */
  'vault.export': { req: { passphrase: string }; res: { fileName: string; text: string; count: number; /** Damaged records left out. */ skipped: number } };
  'vault.import': { req: { text: string; passphrase: string }; res: { added: number; replaced: number; kept: number } };
  /** Removes the vault and what depends on it, after the user confirmed. Damaged header or unlocked vault only. */
  'vault.reset': { req: { confirm: boolean }; res: VaultStateInfo };

  'settings.get': { req: Empty; res: Settings };

  overview: { req: Empty; res: Overview };
  'apps.save': { req: Record<string, unknown>; res: AppView };
  'apps.remove': { req: { appId: string }; res: Empty };
  'apps.appToken': { req: { appId: string }; res: AppTokenView };
  'apps.renewed': { req: { appId: string; clientSecret: string }; res: AppView };
  'apps.sharingReviewed': { req: { appId: string }; res: AppView };
  'accounts.link': { req: { appId: string; relinkAccountId?: string }; res: AccountView };
  'accounts.remove': { req: { accountId: string }; res: Empty };
  'accounts.refresh': { req: { accountId: string; confirmRetry?: boolean }; res: AccountView };
  /** Explicit reveal or copy of one secret by the user. */
  'secret.reveal': { req: { kind: 'access' | 'refresh' | 'publicKey' | 'appToken' | 'clientSecret'; id: string }; res: { value: string } };
  'flow.dismissInterrupted': { req: Empty; res: Empty };
  /** A secret was just copied: the worker wipes the clipboard 60 s later, focused or not. */
  'clipboard.scheduleWipe': { req: Empty; res: { wipeAt: number } };

  'leaks.list': { req: { tabId: number }; res: TabLeaks };
  'leaks.ignore': { req: { tabId: number; key: string }; res: Empty };
  'leaks.clear': { req: { tabId: number }; res: Empty };
  'leaks.ignoredOrigins': { req: { add?: string; remove?: string }; res: { origins: string[] } };
  'settings.set': { req: Partial<Settings>; res: Settings };
}
