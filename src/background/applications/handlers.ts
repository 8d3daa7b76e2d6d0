/** The application handlers: save one, obtain its application token, record a credential renewal or a sharing review. */
import { CodedError, type Handler } from '../infra';
import { putSecret, requireKey, requireUnlocked } from '../vault';
import { appSecretId, bindingOf, getApp, listApps, saveApps, upsertApp } from './store';
import { obtainAppToken } from './tokens';
import { appView } from './views';

type K = 'apps.save' | 'apps.appToken' | 'apps.renewed' | 'apps.sharingReviewed';

export const applicationHandlers: { [P in K]: Handler<P> } = {
  async 'apps.save'(input) {
    await requireUnlocked();
    const app = await upsertApp(input);
    return appView(app);
  },
  async 'apps.appToken'({ appId }) {
    await requireUnlocked();
    await obtainAppToken(appId);
    const view = (await appView(await getApp(appId))).appToken;
    if (!view) throw new CodedError('internal');
    return view;
  },
  async 'apps.renewed'({ appId, clientSecret }) {
    const app = await getApp(appId);
    if (typeof clientSecret !== 'string' || !/^[A-Za-z0-9]{32}$/.test(clientSecret.trim())) {
      throw new CodedError('app_client_secret_invalid', { field: 'clientSecret' });
    }
    await requireKey();
    await putSecret(appSecretId(appId), { clientSecret: clientSecret.trim(), binding: bindingOf(app) });
    const now = Date.now();
    const apps = await listApps();
    const next = { ...app, lastRenewedAt: now, renewalStartedAt: now };
    await saveApps(apps.map((a) => (a.id === appId ? next : a)));
    return appView(next);
  },
  async 'apps.sharingReviewed'({ appId }) {
    await requireUnlocked();
    const app = await getApp(appId);
    const next = { ...app, sharingReviewedAt: Date.now() };
    await saveApps((await listApps()).map((a) => (a.id === appId ? next : a)));
    return appView(next);
  },
};
