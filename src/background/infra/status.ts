import type { Handler } from './router';

const startedAt = Date.now();

export const statusHandlers: { status: Handler<'status'> } = {
  async status() {
    return {
      version: chrome.runtime.getManifest().version,
      extensionId: chrome.runtime.id,
      redirectUrl: chrome.identity.getRedirectURL(),
      startedAt,
    };
  },
};
