import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { send } from '../../shared/messages';
import type { VaultStateInfo } from '../../shared/api';
import { t, tp } from '../../shared/i18n';
import { ErrorNotice } from './ErrorNotice';
import { useAction } from './useAsync';
import { LockIcon } from './icons';

/**
 * First-run setup (passphrase or device-protected) and the unlock form. `children` go inside the
 * unlock form (e.g. how many sellers wait behind the lock).
 */
export function VaultGate({ state, onChange, children }: { state: VaultStateInfo; onChange: () => void; children?: ComponentChildren }) {
  if (state.state === 'uninitialized') return <SetupForm onDone={onChange} />;
  if (state.state === 'locked') return <UnlockForm state={state} onDone={onChange}>{children}</UnlockForm>;
  return null;
}

function SetupForm({ onDone }: { onDone: () => void }) {
  const [pass, setPass] = useState('');
  const [confirm, setConfirm] = useState('');
  const { busy, error, setError, run } = useAction();
  const mismatch = error?.code === 'passphrase_mismatch';
  const weak = error?.code === 'weak_passphrase';
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
      <input
        id="vault-new-pass"
        type="password"
        autocomplete="new-password"
        minLength={8}
        required
        value={pass}
        aria-invalid={weak}
        aria-describedby={weak ? 'vault-setup-error' : 'vault-pass-rule'}
        onInput={(e) => {
          setPass(e.currentTarget.value);
          if (weak || mismatch) setError(null);
        }}
      />
      <p class="hint" id="vault-pass-rule">{t('vaultPassphraseRule')}</p>
      <label for="vault-confirm-pass">{t('vaultPassphraseConfirm')}</label>
      <input
        id="vault-confirm-pass"
        type="password"
        autocomplete="new-password"
        minLength={8}
        required
        value={confirm}
        aria-invalid={mismatch}
        aria-describedby={mismatch ? 'vault-setup-error' : undefined}
        onInput={(e) => {
          setConfirm(e.currentTarget.value);
          if (mismatch) setError(null);
        }}
      />
      <ErrorNotice error={error} id="vault-setup-error" />
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>{t('vaultSetPassphrase')}</button>
        <button type="button" disabled={busy} onClick={skip}>{t('vaultSkipDevice')}</button>
      </div>
      <p class="hint">{t('vaultDeviceWarning')}</p>
    </form>
  );
}

/** Seconds until the next attempt is allowed, ticking down; 0 when there is no wait. */
function useWait(retryAt: number | null): number {
  const [now, setNow] = useState(Date.now());
  const left = retryAt ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : 0;
  useEffect(() => {
    setNow(Date.now());
  }, [retryAt]);
  useEffect(() => {
    if (left <= 0) return;
    const id = setTimeout(() => setNow(Date.now()), 1000);
    return () => clearTimeout(id);
  }, [left, now]);
  return left;
}

function UnlockForm({ state, onDone, children }: { state: VaultStateInfo; onDone: () => void; children?: ComponentChildren }) {
  const [pass, setPass] = useState('');
  const { busy, error, setError, run } = useAction();
  const input = useRef<HTMLInputElement>(null);
  const wait = useWait(state.retryAt);
  useEffect(() => {
    input.current?.focus();
  }, []);
  const submit = async (e: Event) => {
    e.preventDefault();
    const done = await run(() => send('vault.unlock', { passphrase: pass }));
    setPass('');
    // Success or failure, the vault state changed (unlocked, or a longer wait after failures).
    onDone();
    if (!done) input.current?.focus();
  };
  const wrong = error?.code === 'wrong_passphrase' || error?.code === 'too_many_attempts';
  return (
    <form class="card" onSubmit={submit} aria-labelledby="vault-unlock-title" data-testid="vault-unlock">
      <h2 id="vault-unlock-title" class="row">
        <LockIcon />
        {t('vaultLockedTitle')}
      </h2>
      <p class="hint">{t('vaultLockedIntro')}</p>
      {children}
      <label for="vault-pass">{t('vaultPassphrase')}</label>
      <div class="row">
        <input
          id="vault-pass"
          ref={input}
          type="password"
          autocomplete="current-password"
          required
          value={pass}
          aria-invalid={wrong}
          aria-describedby={error ? 'vault-unlock-error' : undefined}
          onInput={(e) => {
            setPass(e.currentTarget.value);
            if (error) setError(null);
          }}
        />
        <button type="submit" class="primary" disabled={busy || wait > 0}>{busy ? t('vaultUnlocking') : t('vaultUnlock')}</button>
      </div>
      <ErrorNotice error={error} id="vault-unlock-error" />
      <p class="hint" role="status" data-testid="vault-slowed">
        {state.retryAt !== null ? (wait > 0 ? tpWait(wait) : t('vaultSlowedDown')) : ''}
      </p>
    </form>
  );
}

/** "Several wrong attempts: the next one is delayed. Next try in 4 seconds." */
function tpWait(seconds: number): string {
  return `${t('vaultSlowedDown')} ${tp('vaultNextTryIn', seconds)}`;
}
