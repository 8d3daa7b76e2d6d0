import { useState } from 'preact/hooks';
import { send } from '../../shared/messages';
import type { VaultStateInfo } from '../../shared/api';
import { t, tp } from '../../shared/i18n';
import { ErrorNotice } from '../components/ErrorNotice';
import { VaultGate } from '../components/VaultGate';
import { useAction } from '../components/useAsync';
import { LockIcon } from '../components/icons';

/** Protection mode, passphrase change/set/remove, and encrypted backup. */
export function VaultSection({ state, reload }: { state: VaultStateInfo; reload: () => void }) {
  const lock = useAction();
  return (
    <section aria-labelledby="vault-title">
      <h2 id="vault-title">{t('vaultSectionTitle')}</h2>
      <div class="row">
        {state.mode && (
          <p data-testid="vault-mode-options">
            <strong>{state.mode === 'device' ? t('vaultModeDevice') : t('vaultModePassphrase')}</strong>
          </p>
        )}
        {state.state === 'unlocked' && state.mode === 'passphrase' && (
          <button type="button" disabled={lock.busy} onClick={() => lock.run(() => send('vault.lock', {})).then(reload)}>
            <LockIcon />
            {t('vaultLockNow')}
          </button>
        )}
      </div>
      <ErrorNotice error={lock.error} />
      {state.mode === 'device' && <p class="notice notice-warn">{t('vaultDeviceWarning')}</p>}
      {state.broken ? (
        <p class="notice notice-warn" role="alert" data-testid="vault-broken">{t('vaultBroken')}</p>
      ) : (
        <VaultGate state={state} onChange={reload} />
      )}
      {state.state === 'unlocked' && <ProtectionForm state={state} onDone={reload} />}
      {state.state === 'unlocked' && <BackupForms onDone={reload} />}
      {(state.broken || state.state === 'unlocked') && <ResetVault broken={!!state.broken} onDone={reload} />}
    </section>
  );
}

function ProtectionForm({ state, onDone }: { state: VaultStateInfo; onDone: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  const hasPass = state.mode === 'passphrase';
  const change = async (e: Event) => {
    e.preventDefault();
    setDone(null);
    if (next !== confirm) return setError({ code: 'passphrase_mismatch' });
    const ok = await run(() =>
      send('vault.changeProtection', hasPass ? { to: 'passphrase', currentPassphrase: current, newPassphrase: next } : { to: 'passphrase', newPassphrase: next }),
    );
    if (ok) {
      setCurrent(''); setNext(''); setConfirm('');
      setDone(hasPass ? t('vaultPassphraseChanged') : t('vaultPassphraseSet'));
      onDone();
    }
  };
  const remove = async () => {
    setDone(null);
    const ok = await run(() => send('vault.changeProtection', { to: 'device', currentPassphrase: current }));
    if (ok) {
      setCurrent('');
      setDone(t('vaultPassphraseRemoved'));
      onDone();
    }
  };
  return (
    <form onSubmit={change} class="card" aria-labelledby="vault-protection-title">
      <h3 id="vault-protection-title">{hasPass ? t('vaultChangePassphrase') : t('vaultSetPassphrase')}</h3>
      {hasPass && (
        <>
          <label for="vault-current">{t('vaultCurrentPassphrase')}</label>
          <input id="vault-current" type="password" autocomplete="current-password" value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
        </>
      )}
      <label for="vault-next">{t('vaultNewPassphrase')}</label>
      <input id="vault-next" type="password" autocomplete="new-password" value={next} onInput={(e) => setNext(e.currentTarget.value)} />
      <label for="vault-next2">{t('vaultPassphraseConfirm')}</label>
      <input id="vault-next2" type="password" autocomplete="new-password" value={confirm} onInput={(e) => setConfirm(e.currentTarget.value)} />
      <p class="hint">{t('vaultRewrapHint')}</p>
      <ErrorNotice error={error} />
      {done && <p class="notice notice-ok" role="status">{done}</p>}
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>{hasPass ? t('vaultChangePassphrase') : t('vaultSetPassphrase')}</button>
        {hasPass && (
          <button type="button" class="danger" disabled={busy} onClick={remove}>{t('vaultRemovePassphrase')}</button>
        )}
      </div>
    </form>
  );
}

function BackupForms({ onDone }: { onDone: () => void }) {
  const [exportPass, setExportPass] = useState('');
  const [importPass, setImportPass] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const exp = useAction();
  const imp = useAction();
  const doExport = async (e: Event) => {
    e.preventDefault();
    setResult(null);
    const r = await exp.run(() => send('vault.export', { passphrase: exportPass }));
    if (!r) return;
    const url = URL.createObjectURL(new Blob([r.text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setExportPass('');
    setResult(r.skipped > 0 ? `${tp('backupExported', r.count)} ${tp('backupSkipped', r.skipped)}` : tp('backupExported', r.count));
  };
  const doImport = async (e: Event) => {
    e.preventDefault();
    setResult(null);
    if (!file) return imp.setError({ code: 'backup_no_file' });
    const text = await file.text();
    const r = await imp.run(() => send('vault.import', { text, passphrase: importPass }));
    if (!r) return;
    setImportPass('');
    setResult(t('backupImported', [r.added, r.replaced, r.kept]));
    onDone();
  };
  return (
    <div class="card">
      <h3>{t('backupTitle')}</h3>
      <p class="hint">{t('backupIntro')}</p>
      <form onSubmit={doExport} aria-label={t('backupExport')}>
        <label for="backup-export-pass">{t('backupPassphrase')}</label>
        <div class="row">
          <input id="backup-export-pass" type="password" autocomplete="new-password" value={exportPass} onInput={(e) => setExportPass(e.currentTarget.value)} />
          <button type="submit" disabled={exp.busy}>{t('backupExport')}</button>
        </div>
        <ErrorNotice error={exp.error} />
      </form>
      <form onSubmit={doImport} aria-label={t('backupImport')}>
        <label for="backup-file">{t('backupFile')}</label>
        <input id="backup-file" type="file" accept="application/json,.json" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        <label for="backup-import-pass">{t('backupPassphrase')}</label>
        <div class="row">
          <input id="backup-import-pass" type="password" autocomplete="off" value={importPass} onInput={(e) => setImportPass(e.currentTarget.value)} />
          <button type="submit" disabled={imp.busy}>{t('backupImport')}</button>
        </div>
        <ErrorNotice error={imp.error} />
      </form>
      {result && <p class="notice notice-ok" role="status">{result}</p>}
    </div>
  );
}

/** Starting over: after a confirmation; with an intact vault, export a backup first (offered above). */
function ResetVault({ broken, onDone }: { broken: boolean; onDone: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useAction();
  const reset = async () => {
    const r = await run(() => send('vault.reset', { confirm: true }));
    if (r) {
      setConfirming(false);
      onDone();
    }
  };
  return (
    <div class="card" data-testid="vault-reset">
      <h3>{t('vaultResetTitle')}</h3>
      <p class="hint">{broken ? t('vaultResetBrokenHint') : t('vaultResetHint')}</p>
      {confirming ? (
        <div role="group" aria-label={t('vaultResetTitle')} class="row">
          <p class="hint">{t('vaultResetConfirmNote')}</p>
          <button type="button" class="danger" disabled={busy} onClick={reset}>{t('vaultResetConfirm')}</button>
          <button type="button" onClick={() => setConfirming(false)}>{t('cancel')}</button>
        </div>
      ) : (
        <button type="button" class="danger" onClick={() => setConfirming(true)}>{t('vaultResetButton')}</button>
      )}
      <ErrorNotice error={error} />
    </div>
  );
}
