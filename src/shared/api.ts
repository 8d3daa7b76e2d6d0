/**
 * The request/response map of the protocol. One entry per request type: `req` is what the page
 * sends, `res` what the background answers. Types only; no runtime code.
 */
import type { Settings } from './settings';

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
  'vault.export': { req: { passphrase: string }; res: { fileName: string; text: string; count: number } };
  'vault.import': { req: { text: string; passphrase: string }; res: { added: number; replaced: number; kept: number } };

  'settings.get': { req: Empty; res: Settings };
  'settings.set': { req: Partial<Settings>; res: Settings };
}
