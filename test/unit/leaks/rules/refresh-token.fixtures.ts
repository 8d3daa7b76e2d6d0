import { fakeOpaqueToken, fakeTg } from '../fake';
import type { Fixture } from './run-fixtures';

const TG = fakeTg(1);
const USER = TG.slice(TG.lastIndexOf('-') + 1);
const crit = { rule: 'mp-refresh-token', severity: 'critical' } as const;

export const positive: Fixture[] = [
  { name: 'refresh_token in a query', req: { url: `https://shop.example/sync?refresh_token=${TG}` }, secrets: [TG], expect: { ...crit, location: 'query', param: 'refresh_token', userId: USER, fixId: 'keep_refresh_token_on_backend' } },
  {
    name: 'form body of a refresh grant sent from the browser',
    req: { url: 'https://api.mercadopago.com/oauth/token', method: 'POST', requestBody: { formData: { grant_type: ['refresh_token'], refresh_token: [TG] } } },
    secrets: [TG],
    expect: { ...crit, location: 'body', param: 'refresh_token' },
  },
  {
    name: 'JSON body field',
    req: { url: 'https://api.mercadopago.com/oauth/token', requestBody: { raw: JSON.stringify({ grant_type: 'refresh_token', refresh_token: TG }) } },
    secrets: [TG],
    expect: { ...crit, location: 'body', param: 'refresh_token' },
  },
  { name: 'raw form body', req: { url: 'https://shop.example/api', requestBody: { raw: `grant_type=refresh_token&refresh_token=${TG}` } }, secrets: [TG], expect: { ...crit, location: 'body' } },
  { name: 'camelCase name', req: { url: `https://shop.example/?refreshToken=${TG}` }, secrets: [TG], expect: { ...crit, param: 'refreshToken' } },
  {
    name: 'nested in a redirect parameter',
    req: { url: `https://shop.example/go?to=${encodeURIComponent(`https://other.example/x?refresh_token=${TG}`)}` },
    secrets: [TG],
    expect: { ...crit, location: 'query', param: 'to>refresh_token' },
  },
  { name: 'JSON log line', text: `{"level":"info","msg":"token refreshed","refresh_token":"${TG}"}`, secrets: [TG], expect: { ...crit, location: 'body', param: 'refresh_token', fixId: 'scrub_from_text' } },
];

export const negative: Fixture[] = [
  { name: 'code=TG- is an authorization code', req: { url: `https://shop.example/cb?code=${TG}` }, secrets: [TG] },
  { name: 'doc placeholder TG-XXXXXXXXXXXX-241983636', req: { url: 'https://x.example/?refresh_token=TG-XXXXXXXXXXXX-241983636' }, secrets: [] },
  { name: 'a non-TG refresh token is a generic bearer token', req: { url: `https://x.example/?refresh_token=${fakeOpaqueToken(3)}` }, secrets: [fakeOpaqueToken(3)] },
];
