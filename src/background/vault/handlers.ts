import { CodedError, getSettings, updateSettings, type Handler } from '../infra';
import { changeProtection, lock, resetVault, setupVault, unlock, vaultState, refuseWhileLocked } from './store';

type K = 'vault.state' | 'vault.reset' | 'vault.setup' | 'vault.unlock' | 'vault.lock' | 'vault.changeProtection' | 'settings.get' | 'settings.set';

export const vaultHandlers: { [P in K]: Handler<P> } = {
  'vault.state': () => vaultState(),
  async 'vault.setup'(req) {
    await setupVault(req.mode === 'passphrase' ? { mode: 'passphrase', passphrase: req.passphrase } : { mode: 'device' });
    return vaultState();
  },
  async 'vault.unlock'(req) {
    await unlock(typeof req.passphrase === 'string' ? req.passphrase : '');
    return vaultState();
  },
  async 'vault.reset'({ confirm }) {
    if (confirm !== true) throw new CodedError('bad_request');
    await resetVault();
    return vaultState();
  },
  async 'vault.lock'() {
    await lock();
    return vaultState();
  },
  async 'vault.changeProtection'(req) {
    await changeProtection(req);
    return vaultState();
  },
  'settings.get': () => getSettings(),
  async 'settings.set'(patch) {
    // Auto-lock, console warnings, ignored origins…: nothing that weakens protection while locked.
    await refuseWhileLocked();
    return updateSettings(patch);
  },
};
