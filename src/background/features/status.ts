import browser from 'webextension-polyfill';
import type { Handler } from '../router';

const startedAt = Date.now();

export const statusHandlers: { status: Handler<'status'> } = {
  async status() {
    return {
      version: browser.runtime.getManifest().version,
      extensionId: browser.runtime.id,
      redirectUrl: browser.identity.getRedirectURL(),
      startedAt,
    };
  },
};
