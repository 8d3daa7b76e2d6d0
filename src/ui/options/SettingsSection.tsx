import { useState, useEffect } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { send } from '../../shared/messages';
import type { Settings } from '../../shared/settings';
import { t } from '../../shared/i18n';
import { ErrorNotice } from '../components/ErrorNotice';
import { useAction } from '../components/useAsync';

const NUMBERS: [keyof Settings, string, number, number][] = [
  ['autoLockMinutes', 'setAutoLockMinutes', 1, 1440],
  ['refreshWithinDays', 'setRefreshWithinDays', 1, 170],
  ['expiringSoonDays', 'setExpiringSoonDays', 1, 60],
  ['renewalReminderDays', 'setRenewalReminderDays', 7, 365],
];
const BOOLS: [keyof Settings, string][] = [
  ['notifications', 'setNotifications'],
  ['consoleWarnings', 'setConsoleWarnings'],
  ['autoRenewAppTokens', 'setAutoRenewAppTokens'],
  ['clearFindingsOnNavigation', 'setClearOnNavigation'],
];

/** The keyboard shortcut that opens the popup (`commands._execute_action`), and where to change it. */
export function ShortcutLine() {
  const [shortcut, setShortcut] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    Promise.resolve()
      .then(() => browser.commands.getAll())
      .then(
      (all) => setShortcut(all.find((c) => c.name === '_execute_action')?.shortcut || null),
      () => setShortcut(null),
    );
  }, []);
  if (shortcut === undefined) return null;
  return (
    <div class="row" data-testid="shortcut">
      <p>
        {shortcut ? (
          <>
            {t('shortcutLabel')} <kbd class="mono">{shortcut}</kbd>
          </>
        ) : (
          t('shortcutNone')
        )}
      </p>
      <button type="button" class="link" onClick={() => void browser.tabs.create({ url: 'chrome://extensions/shortcuts' })}>{t('shortcutChange')}</button>
    </div>
  );
}

/** Settings whose field shows its own error. */
const TIED = new Set<string>([...NUMBERS.map(([key]) => key), 'ignoredOrigins']);

export function SettingsSection({ settings, reload }: { settings: Settings; reload: () => void }) {
  const [draft, setDraft] = useState<Settings>(settings);
  const [origins, setOrigins] = useState(settings.ignoredOrigins.join('\n'));
  const [saved, setSaved] = useState(false);
  const { busy, error, setError, run } = useAction();
  /** The setting an error is about: its field shows the error and clears it when it changes. */
  const errField = typeof error?.params?.field === 'string' ? error.params.field : null;
  const tie = (key: string) => (errField === key ? { 'aria-invalid': true, 'aria-describedby': 'settings-error' } : {});
  const notice = (key: string) => (errField === key ? <ErrorNotice error={error} id="settings-error" /> : null);
  const changed = (key: string) => {
    setSaved(false);
    if (errField === key) setError(null);
  };
  useEffect(() => {
    setDraft(settings);
    setOrigins(settings.ignoredOrigins.join('\n'));
  }, [settings]);
  const save = async (e: Event) => {
    e.preventDefault();
    setSaved(false);
    const ignoredOrigins = origins.split(/\s+/).filter(Boolean);
    const r = await run(() => send('settings.set', { ...draft, ignoredOrigins }));
    if (r) {
      setSaved(true);
      reload();
    }
  };
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settingsTitle')}</h2>
      <ShortcutLine />
      <form onSubmit={save}>
        {NUMBERS.map(([key, label, min, max]) => (
          <div key={key}>
            <label for={`set-${key}`}>{t(label)}</label>
            <input
              id={`set-${key}`}
              type="number"
              min={min}
              max={max}
              value={draft[key] as number}
              onInput={(e) => {
                setDraft({ ...draft, [key]: Number(e.currentTarget.value) });
                changed(key);
              }}
              {...tie(key)}
            />
            {notice(key)}
          </div>
        ))}
        {BOOLS.map(([key, label]) => (
          <div class="row" key={key}>
            <input id={`set-${key}`} type="checkbox" checked={draft[key] as boolean} onChange={(e) => { setDraft({ ...draft, [key]: e.currentTarget.checked }); changed(key); }} />
            <label for={`set-${key}`} class="inline">{t(label)}</label>
          </div>
        ))}
        <label for="set-ignoredOrigins">{t('setIgnoredOrigins')}</label>
        <textarea
          id="set-ignoredOrigins"
          rows={3}
          cols={50}
          value={origins}
          onInput={(e) => {
            setOrigins(e.currentTarget.value);
            changed('ignoredOrigins');
          }}
          aria-invalid={errField === 'ignoredOrigins'}
          aria-describedby={errField === 'ignoredOrigins' ? 'set-ignoredOrigins-hint settings-error' : 'set-ignoredOrigins-hint'}
        />
        <p class="hint" id="set-ignoredOrigins-hint">{t('setIgnoredOriginsHint')}</p>
        {notice('ignoredOrigins')}
        {error && !(errField && TIED.has(errField)) && <ErrorNotice error={error} />}
        {saved && <p class="notice notice-ok" role="status">{t('settingsSaved')}</p>}
        <button type="submit" class="primary" disabled={busy}>{t('settingsSave')}</button>
      </form>
    </section>
  );
}
