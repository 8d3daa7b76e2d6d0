import { useState } from 'preact/hooks';
import { send } from '../../shared/messages';
import type { VaultStateInfo } from '../../shared/api';
import { t } from '../../shared/i18n';
import { ErrorNotice } from './ErrorNotice';
import { useAction } from './useAsync';

/** First-run setup (passphrase or device-protected) and the unlock form. */
export function VaultGate({ state, onChange }: { state: VaultStateInfo; onChange: () => void }) {
  if (state.state === 'uninitialized') return <SetupForm onDone={onChange} />;
  if (state.state === 'locked') return <UnlockForm state={state} onDone={onChange} />;
  return null;
}

function SetupForm({ onDone }: { onDone: () => void }) {
  const [pass, setPass] = useState('');
  const [confirm, setConfirm] = useState('');
  const { busy, error, setError, run } = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    if (pass !== confirm) return setError({ code: 'passphrase_mismatch' });
    const done = await run(() => send('vault.setup', { mode: 'passphrase', passphrase: pass }));
    if (done) onDone();
  };
  const skip = async () => {
    const done = await run(() => send('vault.setup', { mode: 'device' }));
    if (done) onDone();
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="vault-setup-title" data-testid="vault-setup">
      <h2 id="vault-setup-title">{t('vaultSetupTitle')}</h2>
      <p class="hint">{t('vaultSetupIntro')}</p>
      <label for="vault-new-pass">{t('vaultPassphrase')}</label>
      <input id="vault-new-pass" type="password" autocomplete="new-password" minLength={8} required value={pass} onInput={(e) => setPass(e.currentTarget.value)} />
      <label for="vault-confirm-pass">{t('vaultPassphraseConfirm')}</label>
      <input id="vault-confirm-pass" type="password" autocomplete="new-password" minLength={8} required value={confirm} onInput={(e) => setConfirm(e.currentTarget.value)} />
      <p class="hint">{t('vaultPassphraseRule')}</p>
      <ErrorNotice error={error} />
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>{t('vaultSetPassphrase')}</button>
        <button type="button" disabled={busy} onClick={skip}>{t('vaultSkipDevice')}</button>
      </div>
      <p class="hint">{t('vaultDeviceWarning')}</p>
    </form>
  );
}

function UnlockForm({ state, onDone }: { state: VaultStateInfo; onDone: () => void }) {
  const [pass, setPass] = useState('');
  const { busy, error, run } = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const done = await run(() => send('vault.unlock', { passphrase: pass }));
    setPass('');
    if (done) onDone();
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="vault-unlock-title" data-testid="vault-unlock">
      <h2 id="vault-unlock-title">
        <span aria-hidden="true">⊘ </span>
        {t('vaultLockedTitle')}
      </h2>
      <p class="hint">{t('vaultLockedIntro')}</p>
      <label for="vault-pass">{t('vaultPassphrase')}</label>
      <div class="row">
        <input id="vault-pass" type="password" autocomplete="current-password" required value={pass} onInput={(e) => setPass(e.currentTarget.value)} />
        <button type="submit" class="primary" disabled={busy}>{t('vaultUnlock')}</button>
      </div>
      <ErrorNotice error={error} />
      {state.retryAt && state.retryAt > Date.now() && <p class="hint">{t('vaultSlowedDown')}</p>}
    </form>
  );
}
