import { useState } from 'preact/hooks';
import { send, type ErrorValue } from '../../shared/messages';
import type { AccountView, AppView, Overview, SiteCode } from '../../shared/api';
import { t, tp } from '../../shared/i18n';
import { countdownText, dateTime, timeOfDay } from '../../shared/format';
import { ErrorNotice } from '../components/ErrorNotice';
import { SecretActions } from '../components/SecretActions';
import { LiveBadge, StatusTag } from '../components/AccountRow';
import { useAction } from '../components/useAsync';
import { CheckIcon, DoneIcon, LinkIcon, TodoIcon, WarningIcon } from '../components/icons';
import { CopyRedirectButton } from './onboarding';

const SITES: SiteCode[] = ['MLA', 'MLB', 'MLC', 'MLM', 'MLU', 'MCO', 'MPE'];

export function RedirectUrl({ url }: { url: string }) {
  return (
    <div class="card">
      <label for="redirect-url">{t('redirectUrlLabel')}</label>
      <div class="row">
        <input id="redirect-url" class="mono" readOnly size={60} value={url} data-testid="redirect-url" aria-describedby="redirect-url-hint" />
        <CopyRedirectButton url={url} />
      </div>
      <p class="hint" id="redirect-url-hint">{t('redirectUrlHint')}</p>
    </div>
  );
}

interface Draft {
  id?: string;
  name: string;
  clientId: string;
  clientSecret: string;
  siteId: SiteCode;
  pkce: 'S256' | 'plain' | 'off';
  sandbox: boolean;
  authorization: string;
  token: string;
  api: string;
}
const EMPTY: Draft = { name: '', clientId: '', clientSecret: '', siteId: 'MLA', pkce: 'S256', sandbox: false, authorization: '', token: '', api: '' };

/** Field name in the form, mapped to the background's field name in `{params: {field}}`. */
const FIELDS = {
  name: 'name',
  clientId: 'clientId',
  clientSecret: 'clientSecret',
  authorization: 'endpoints.authorization',
  token: 'endpoints.token',
  api: 'endpoints.api',
} as const;
type FieldKey = keyof typeof FIELDS;

/** When the credentials were last renewed, asked once when an application is added. */
type Renewed = { known: false } | { known: true; date: string };

function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function AppForm({ initial, onDone, onCancel, passphraseMode = false }: { initial?: AppView; onDone: () => void; onCancel?: () => void; passphraseMode?: boolean }) {
  const [passphrase, setPassphrase] = useState('');
  const [d, setD] = useState<Draft>(
    initial
      ? {
          id: initial.id,
          name: initial.name,
          clientId: initial.clientId,
          clientSecret: '',
          siteId: initial.siteId,
          pkce: initial.pkce,
          sandbox: initial.sandbox,
          authorization: initial.endpoints?.authorization ?? '',
          token: initial.endpoints?.token ?? '',
          api: initial.endpoints?.api ?? '',
        }
      : EMPTY,
  );
  const [renewed, setRenewed] = useState<Renewed>({ known: false });
  const advancedInitially = !!(initial?.endpoints && Object.keys(initial.endpoints).length);
  const { busy, error, setError, run } = useAction();
  const errorField = typeof error?.params?.field === 'string' ? error.params.field : null;
  const fieldOf = (k: FieldKey) => FIELDS[k] === errorField;
  const advancedError = !!errorField && errorField.startsWith('endpoints');
  /** Editing the field an error is about clears that error. */
  const set = (patch: Partial<Draft>) => {
    setD({ ...d, ...patch });
    if (error && (Object.keys(patch) as FieldKey[]).some((k) => k in FIELDS && fieldOf(k))) setError(null);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const endpoints: Record<string, string> = {};
    if (d.authorization.trim()) endpoints.authorization = d.authorization.trim();
    if (d.token.trim()) endpoints.token = d.token.trim();
    if (d.api.trim()) endpoints.api = d.api.trim();
    const lastRenewedAt = !initial && renewed.known && renewed.date ? new Date(`${renewed.date}T12:00:00`).getTime() : undefined;
    const r = await run(() =>
      send('apps.save', {
        ...(d.id ? { id: d.id } : {}),
        name: d.name,
        clientId: d.clientId,
        clientSecret: d.clientSecret,
        siteId: d.siteId,
        pkce: d.pkce,
        sandbox: d.sandbox,
        ...(Object.keys(endpoints).length ? { endpoints } : {}),
        ...(lastRenewedAt !== undefined && Number.isFinite(lastRenewedAt) ? { lastRenewedAt } : {}),
        ...(initial && passphrase ? { passphrase } : {}),
      }),
    );
    setPassphrase('');
    if (r) {
      if (!initial) {
        setD(EMPTY);
        setRenewed({ known: false });
      }
      onDone();
    }
  };
  const p = initial ? `edit-${initial.id}-` : 'app-';
  const errId = `${p}error`;
  /** Props tying an input to the error when the error is about it. */
  const tie = (k: FieldKey) => (fieldOf(k) ? { 'aria-invalid': true, 'aria-describedby': errId } : { 'aria-invalid': false });
  const fieldNotice = (k: FieldKey) => (fieldOf(k) ? <ErrorNotice error={error} id={errId} /> : null);
  // Changing where an existing application's requests go asks for the passphrase again.
  const whereChanged =
    !!initial &&
    (d.siteId !== initial.siteId ||
      d.authorization.trim() !== (initial.endpoints?.authorization ?? '') ||
      d.token.trim() !== (initial.endpoints?.token ?? '') ||
      d.api.trim() !== (initial.endpoints?.api ?? ''));
  const askPassphrase = passphraseMode && (whereChanged || error?.code === 'reauth_required' || error?.code === 'wrong_passphrase');
  return (
    <form onSubmit={submit} class="card" aria-label={initial ? `${t('editApp')}: ${initial.name}` : t('addApp')} data-testid="app-form" noValidate>
      <h3>{initial ? t('editApp') : t('addApp')}</h3>
      <label for={`${p}name`}>{t('appName')}</label>
      <input id={`${p}name`} value={d.name} onInput={(e) => set({ name: e.currentTarget.value })} {...tie('name')} />
      {fieldNotice('name')}
      <label for={`${p}clientId`}>{t('clientId')}</label>
      <input id={`${p}clientId`} inputMode="numeric" value={d.clientId} onInput={(e) => set({ clientId: e.currentTarget.value })} {...tie('clientId')} />
      {fieldNotice('clientId')}
      <label for={`${p}clientSecret`}>{t('clientSecret')}</label>
      <input id={`${p}clientSecret`} type="password" autocomplete="off" value={d.clientSecret} onInput={(e) => set({ clientSecret: e.currentTarget.value })} {...tie('clientSecret')} />
      {fieldNotice('clientSecret')}
      {initial && <p class="hint">{t('clientSecretKeep')}</p>}
      <label for={`${p}site`}>{t('country')}</label>
      <select id={`${p}site`} value={d.siteId} onChange={(e) => set({ siteId: e.currentTarget.value as SiteCode })}>
        {SITES.map((s) => (
          <option key={s} value={s}>{t(`site_${s}`)}</option>
        ))}
      </select>
      <label for={`${p}pkce`}>{t('pkceLabel')}</label>
      <select id={`${p}pkce`} value={d.pkce} onChange={(e) => set({ pkce: e.currentTarget.value as Draft['pkce'] })} aria-describedby={`${p}pkce-hint`}>
        <option value="S256">{t('pkceS256')}</option>
        <option value="plain">{t('pkcePlain')}</option>
        <option value="off">{t('pkceOff')}</option>
      </select>
      <p class="hint" id={`${p}pkce-hint`}>{t('pkceHint')}</p>
      <div class="row">
        <input id={`${p}sandbox`} type="checkbox" checked={d.sandbox} onChange={(e) => set({ sandbox: e.currentTarget.checked })} />
        <label for={`${p}sandbox`} class="inline">{t('sandboxLabel')}</label>
      </div>
      {!initial && (
        <fieldset data-testid="renewed-question">
          <legend>{t('lastRenewedQuestion')}</legend>
          <div class="row">
            <input type="radio" id={`${p}renewed-unknown`} name={`${p}renewed`} checked={!renewed.known} onChange={() => setRenewed({ known: false })} />
            <label for={`${p}renewed-unknown`} class="inline">{t('lastRenewedUnknown')}</label>
          </div>
          <div class="row">
            <input type="radio" id={`${p}renewed-known`} name={`${p}renewed`} checked={renewed.known} onChange={() => setRenewed({ known: true, date: renewed.known ? renewed.date : todayIso() })} />
            <label for={`${p}renewed-known`} class="inline">{t('lastRenewedOn')}</label>
            <label for={`${p}renewed-date`} class="sr-only">{t('lastRenewedDate')}</label>
            <input
              id={`${p}renewed-date`}
              type="date"
              max={todayIso()}
              value={renewed.known ? renewed.date : ''}
              onInput={(e) => setRenewed({ known: true, date: e.currentTarget.value })}
            />
          </div>
          <p class="hint">{t('lastRenewedHint')}</p>
        </fieldset>
      )}
      <details open={advancedInitially || advancedError}>
        <summary>{t('advancedEndpoints')}</summary>
        <p class="hint">{t('advancedEndpointsHint')}</p>
        <label for={`${p}ep-auth`}>{t('endpointAuthorization')}</label>
        <input id={`${p}ep-auth`} size={50} value={d.authorization} onInput={(e) => set({ authorization: e.currentTarget.value })} placeholder="https://auth.mercadopago.com.ar/authorization" {...tie('authorization')} />
        {fieldNotice('authorization')}
        <label for={`${p}ep-token`}>{t('endpointToken')}</label>
        <input id={`${p}ep-token`} size={50} value={d.token} onInput={(e) => set({ token: e.currentTarget.value })} placeholder="https://api.mercadopago.com/oauth/token" {...tie('token')} />
        {fieldNotice('token')}
        <label for={`${p}ep-api`}>{t('endpointApi')}</label>
        <input id={`${p}ep-api`} size={50} value={d.api} onInput={(e) => set({ api: e.currentTarget.value })} placeholder="https://api.mercadopago.com" {...tie('api')} />
        {fieldNotice('api')}
      </details>
      {whereChanged && <p class="hint" data-testid="endpoints-change-note">{t('endpointsChangeNote')}</p>}
      {askPassphrase && (
        <>
          <label for={`${p}reauth`}>{t('reauthPassphrase')}</label>
          <input id={`${p}reauth`} type="password" autocomplete="current-password" value={passphrase} onInput={(e) => setPassphrase(e.currentTarget.value)} {...(error?.code === 'wrong_passphrase' || error?.code === 'reauth_required' ? { 'aria-invalid': true, 'aria-describedby': errId } : {})} />
        </>
      )}
      {error && !(Object.keys(FIELDS) as FieldKey[]).some(fieldOf) && <ErrorNotice error={error} id={errId} />}
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>{initial ? t('saveApp') : t('addApp')}</button>
        {onCancel && <button type="button" onClick={onCancel}>{t('cancel')}</button>}
      </div>
    </form>
  );
}

function RenewForm({ app, onDone }: { app: AppView; onDone: () => void }) {
  const [secret, setSecret] = useState('');
  const { busy, error, setError, run } = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await run(() => send('apps.renewed', { appId: app.id, clientSecret: secret }));
    if (r) {
      setSecret('');
      onDone();
    }
  };
  return (
    <form onSubmit={submit} class="card" aria-label={`${t('iRenewed')}: ${app.name}`}>
      <p class="hint">{t('iRenewedExplain')}</p>
      <label for={`renew-${app.id}`}>{t('newClientSecret')}</label>
      <div class="row">
        <input
          id={`renew-${app.id}`}
          type="password"
          autocomplete="off"
          value={secret}
          aria-invalid={!!error}
          aria-describedby={error ? `renew-${app.id}-error` : undefined}
          onInput={(e) => {
            setSecret(e.currentTarget.value);
            if (error) setError(null);
          }}
        />
        <button type="submit" disabled={busy} aria-label={`${t('iRenewed')}: ${app.name}`}>{t('iRenewed')}</button>
      </div>
      <ErrorNotice error={error} id={`renew-${app.id}-error`} />
    </form>
  );
}

function LinkedAccount({ account }: { account: AccountView }) {
  const relink = useAction();
  const remove = useAction();
  const [confirming, setConfirming] = useState(false);
  const name = account.nickname ?? t('unknownNickname');
  return (
    <li class="row" data-testid="options-account" data-account-id={account.id}>
      <strong>{name}</strong>
      <span class="hint">#{account.userId}</span>
      {account.siteId && <span class="hint">{t(`site_${account.siteId}`)}</span>}
      <LiveBadge live={account.liveMode} />
      <StatusTag status={account.status} />
      <span class="row seller-actions">
      <span class="mono">{account.maskedAccess}</span>
      <SecretActions secret={{ kind: 'access', id: account.id }} label={t('accessTokenOf', name)} />
      <button type="button" disabled={relink.busy} aria-label={`${t('relink')}: ${name}`} onClick={() => relink.run(() => send('accounts.link', { appId: account.appId, relinkAccountId: account.id }))}>
        <LinkIcon />
        {t('relink')}
      </button>
      {confirming ? (
        <span role="group" aria-label={`${t('removeAccount')}: ${name}`}>
          <span class="hint">{t('removeAccountNote')}</span>
          <button type="button" class="danger" disabled={remove.busy} aria-label={`${t('removeConfirm')}: ${name}`} onClick={() => remove.run(() => send('accounts.remove', { accountId: account.id }))}>{t('removeConfirm')}</button>
          <button type="button" onClick={() => setConfirming(false)}>{t('cancel')}</button>
        </span>
      ) : (
        <button type="button" class="danger" aria-label={`${t('removeAccount')}: ${name}`} onClick={() => setConfirming(true)}>{t('removeAccount')}</button>
      )}
      </span>
      <ErrorNotice error={relink.error ?? remove.error} />
    </li>
  );
}

function AppCard({ app, accounts, onChange, now, passphraseMode }: { app: AppView; accounts: AccountView[]; onChange: () => void; now: number; passphraseMode: boolean }) {
  const [editing, setEditing] = useState(false);
  const [renewing, setRenewing] = useState(false);
  const link = useAction();
  const token = useAction();
  const remove = useAction();
  const review = useAction();
  const [confirmingRemove, setConfirmingRemove] = useState(false);
  if (editing) return <AppForm initial={app} passphraseMode={passphraseMode} onDone={() => { setEditing(false); onChange(); }} onCancel={() => setEditing(false)} />;
  return (
    <article class="card" data-testid="app-card" data-app-id={app.id} aria-labelledby={`app-${app.id}`}>
      <h3 id={`app-${app.id}`}>
        {app.name} <LiveBadge live={!app.sandbox} />
      </h3>
      <dl class="facts">
        <dt>{t('clientId')}</dt>
        <dd class="mono">{app.clientId}</dd>
        <dt>{t('clientSecret')}</dt>
        <dd>
          <span class="mono">{app.maskedSecret ?? t('lockedValue')}</span>{' '}
          {app.maskedSecret && <SecretActions secret={{ kind: 'clientSecret', id: app.id }} label={t('clientSecret')} />}
        </dd>
        <dt>{t('country')}</dt>
        <dd>{t(`site_${app.siteId}`)}</dd>
        <dt>{t('pkceLabel')}</dt>
        <dd>{app.pkce === 'off' ? t('pkceOff') : app.pkce}</dd>
        {app.endpoints?.authorization && <><dt>{t('endpointAuthorization')}</dt><dd class="mono" data-testid="app-endpoint-authorization">{app.endpoints.authorization}</dd></>}
        {app.endpoints?.token && <><dt>{t('endpointToken')}</dt><dd class="mono" data-testid="app-endpoint-token">{app.endpoints.token}</dd></>}
        {app.endpoints?.api && <><dt>{t('endpointApi')}</dt><dd class="mono" data-testid="app-endpoint-api">{app.endpoints.api}</dd></>}
      </dl>
      <div class="row">
        <button type="button" class="primary" disabled={link.busy} aria-label={`${link.busy ? t('linkWaiting') : t('linkSeller')}: ${app.name}`} onClick={() => link.run(() => send('accounts.link', { appId: app.id })).then(onChange)}>
          <LinkIcon />
          {link.busy ? t('linkWaiting') : t('linkSeller')}
        </button>
        <button type="button" disabled={token.busy} aria-label={`${t('getAppToken')}: ${app.name}`} onClick={() => token.run(() => send('apps.appToken', { appId: app.id })).then(onChange)}>
          {t('getAppToken')}
        </button>
        <button type="button" aria-label={`${t('editApp')}: ${app.name}`} onClick={() => setEditing(true)}>{t('editApp')}</button>
        {!confirmingRemove && (
          <button type="button" class="danger" aria-label={`${t('removeApp')}: ${app.name}`} onClick={() => setConfirmingRemove(true)}>{t('removeApp')}</button>
        )}
      </div>
      {confirmingRemove && (
        <div role="group" aria-label={`${t('removeApp')}: ${app.name}`} class="row" data-testid="remove-app-confirm">
          <p class="hint">
            {t('removeAppNote')}
            {accounts.length > 0 && ` ${tp('removeAppSellersNote', accounts.length)}`}
          </p>
          <button type="button" class="danger" disabled={remove.busy} aria-label={`${t('removeConfirm')}: ${app.name}`} onClick={() => remove.run(() => send('apps.remove', { appId: app.id })).then(onChange)}>{t('removeConfirm')}</button>
          <button type="button" onClick={() => setConfirmingRemove(false)}>{t('cancel')}</button>
        </div>
      )}
      <ErrorNotice error={link.error ?? token.error ?? remove.error ?? review.error} />
      {app.appToken && (
        <p data-testid="app-token">
          {t('appTokenLabel')}: <span class="mono">{app.appToken.maskedAccess}</span> · {countdownText(app.appToken.expiresAt, now)}{' '}
          <SecretActions secret={{ kind: 'appToken', id: app.id }} label={`${t('appTokenLabel')} — ${app.name}`} />
        </p>
      )}
      <h4>{t('linkedSellers')}</h4>
      {accounts.length === 0 ? <p class="hint">{t('noLinkedSellers')}</p> : <ul class="plain">{accounts.map((a) => <LinkedAccount key={a.id} account={a} />)}</ul>}
      <h4>{t('hygieneTitle')}</h4>
      <p data-testid="renewal-status">
        {app.lastRenewedAt ? t('lastRenewed', dateTime(app.lastRenewedAt)) : t('neverRenewed')}
        {app.renewal.reminderDue && (
          <strong class="status status-warning">
            {' · '}
            <WarningIcon />
            {t('renewalDue')}
          </strong>
        )}
      </p>
      {app.renewal.inGrace && app.renewal.graceEndsAt && (
        <p class="notice notice-warn" data-testid="grace-window">
          {t('graceWindow', [timeOfDay(app.renewal.graceEndsAt, now), countdownText(app.renewal.graceEndsAt, now)])}
        </p>
      )}
      {renewing ? (
        <RenewForm app={app} onDone={() => { setRenewing(false); onChange(); }} />
      ) : (
        <button type="button" aria-label={`${t('iRenewed')}: ${app.name}`} onClick={() => setRenewing(true)}>{t('iRenewed')}</button>
      )}
      <ul class="checklist" aria-label={`${t('hygieneTitle')}: ${app.name}`}>
        {app.checklist.map((i) => (
          <li key={i.id} data-ok={i.ok}>
            {i.ok ? <DoneIcon /> : <TodoIcon />}
            <span class="sr-only">{i.ok ? t('checkOk') : t('checkTodo')}: </span>
            {t(`check_${i.id}`)}
          </li>
        ))}
      </ul>
      <div class="row">
        <a href={app.panelUrl} target="_blank" rel="noopener noreferrer">{t('openPanel')}</a>
        <button type="button" aria-label={`${t('sharingReviewed')}: ${app.name}`} onClick={() => review.run(() => send('apps.sharingReviewed', { appId: app.id })).then(onChange)}>{t('sharingReviewed')}</button>
      </div>
    </article>
  );
}

export function AppsSection({ overview, reload, now }: { overview: Overview; reload: () => void; now: number }) {
  const hasApps = overview.apps.length > 0;
  // The add form is open while there is no application; after a successful add it folds into a button.
  const [adding, setAdding] = useState(!hasApps);
  const [added, setAdded] = useState(false);
  return (
    <section aria-labelledby="apps-title" data-testid="apps-section">
      <h2 id="apps-title" tabIndex={-1}>{t('appsTitle')}</h2>
      <RedirectUrl url={overview.redirectUrl} />
      {overview.interruptedFlow && <p class="notice notice-warn">{t('flowInterrupted')}</p>}
      {overview.apps.map((a) => (
        <AppCard key={a.id} app={a} accounts={overview.accounts.filter((x) => x.appId === a.id)} onChange={reload} now={now} passphraseMode={overview.vault.mode === 'passphrase'} />
      ))}
      <p role="status" class="copied">
        {added && (
          <>
            <CheckIcon />
            {t('appAdded')}
          </>
        )}
      </p>
      {adding || !hasApps ? (
        <AppForm
          onDone={() => {
            setAdding(false);
            setAdded(true);
            reload();
          }}
          onCancel={hasApps ? () => setAdding(false) : undefined}
        />
      ) : (
        <button
          type="button"
          data-testid="add-another-app"
          onClick={() => {
            setAdded(false);
            setAdding(true);
          }}
        >
          {t('addAnotherApp')}
        </button>
      )}
    </section>
  );
}
