import { fakeTg } from '../fake';
import type { Fixture } from './run-fixtures';

const TG = fakeTg(1);
const USER = TG.slice(TG.lastIndexOf('-') + 1);
const code = { rule: 'mp-authorization-code' } as const;

export const positive: Fixture[] = [
  {
    name: 'code in the OAuth callback URL is info',
    req: { url: `https://shop.example/oauth/callback?code=${TG}&state=k3j4h5` },
    secrets: [TG],
    expect: { ...code, severity: 'info', location: 'query', param: 'code', userId: USER, fixId: 'exchange_code_promptly' },
  },
  {
    name: 'Referer leaking the callback URL to another site is a warning',
    req: { url: 'https://fonts.example/css', requestHeaders: [{ name: 'referer', value: `https://shop.example/oauth/callback?code=${TG}&state=a` }] },
    secrets: [TG],
    expect: { ...code, severity: 'warning', location: 'referer', fixId: 'strip_code_from_url' },
  },
  {
    name: "authorization server's redirect (Location header)",
    req: {
      url: 'https://auth.mercadopago.com.ar/authorization?client_id=1&response_type=code',
      responseHeaders: [{ name: 'location', value: `https://shop.example/cb?code=${TG}&state=s` }],
    },
    secrets: [TG],
    expect: { ...code, severity: 'info', location: 'location', param: 'code' },
  },
  { name: 'code in a fragment', req: { url: `https://shop.example/cb#code=${TG}` }, secrets: [TG], expect: { ...code, location: 'fragment' } },
  { name: 'code in a form body to /oauth/token', req: { url: 'https://api.mercadopago.com/oauth/token', requestBody: { formData: { code: [TG], grant_type: ['authorization_code'] } } }, secrets: [TG], expect: { ...code, severity: 'info', location: 'body' } },
  { name: 'unnamed TG- value in a log line', text: `callback received ${TG}`, secrets: [TG], expect: { ...code, severity: 'info', location: 'body' } },
];

export const negative: Fixture[] = [
  { name: 'doc example TG-60357f5d0cd06d000740646d-643464554', req: { url: 'https://x.example/cb?code=TG-60357f5d0cd06d000740646d-643464554' }, secrets: [] },
  { name: 'doc placeholder TG-XXXXXXXX-241983636', req: { url: 'https://x.example/cb?code=TG-XXXXXXXX-241983636' }, secrets: [] },
  { name: 'named as a refresh token (reported as one instead)', req: { url: `https://x.example/cb?refresh_token=${TG}` }, secrets: [TG] },
  { name: '23 hex characters', req: { url: `https://x.example/cb?code=${TG.replace(/^TG-[0-9a-f]/, 'TG-')}` }, secrets: [] },
  { name: 'Referer to the same origin', req: { url: 'https://shop.example/app.css', requestHeaders: [{ name: 'Referer', value: `https://shop.example/cb?code=${TG}` }] }, secrets: [TG] },
];
