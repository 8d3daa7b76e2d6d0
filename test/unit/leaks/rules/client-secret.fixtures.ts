import { fakeClientSecret } from '../fake';
import type { Fixture } from './run-fixtures';

const CS = fakeClientSecret(1);
const crit = { rule: 'mp-client-secret', severity: 'critical', userId: null } as const;

export const positive: Fixture[] = [
  { name: 'client_secret in a query', req: { url: `https://api.mercadopago.com/oauth/token?client_id=123&client_secret=${CS}` }, secrets: [CS], expect: { ...crit, location: 'query', param: 'client_secret', fixId: 'rotate_client_secret' } },
  { name: 'form body', req: { url: 'https://api.mercadopago.com/oauth/token', requestBody: { formData: { client_id: ['123'], client_secret: [CS] } } }, secrets: [CS], expect: { ...crit, location: 'body' } },
  { name: 'JSON body clientSecret', req: { url: 'https://shop.example/api', requestBody: { raw: `{"clientId":"1","clientSecret":"${CS}"}` } }, secrets: [CS], expect: { ...crit, location: 'body', param: 'clientSecret' } },
  { name: 'env line in a log', text: `MP_CLIENT_SECRET=${CS}`, secrets: [CS], expect: { ...crit, location: 'body', fixId: 'scrub_from_text' } },
  { name: 'YAML', text: `  client_secret: "${CS}"`, secrets: [CS], expect: { ...crit, param: 'client_secret' } },
  { name: 'secret_key name', req: { url: `https://shop.example/?secret_key=${CS}` }, secrets: [CS], expect: { ...crit } },
  { name: 'referer to another origin', req: { url: 'https://t.example/p', requestHeaders: [{ name: 'Referer', value: `https://shop.example/setup?client_secret=${CS}` }] }, secrets: [CS], expect: { ...crit, location: 'referer' } },
];

export const negative: Fixture[] = [
  { name: 'letters only', req: { url: `https://x.example/?client_secret=${'abcdefghijklmnopqrstuvwxyzABCDEF'}` }, secrets: [] },
  { name: 'digits only', req: { url: `https://x.example/?client_secret=${'12345678901234567890123456789012'}` }, secrets: [] },
  { name: '31 characters', req: { url: `https://x.example/?client_secret=${CS.slice(1)}` }, secrets: [] },
  { name: 'not under a client-secret name', req: { url: `https://x.example/?session=${CS}` }, secrets: [CS] },
  { name: 'placeholder CLIENT_SECRET', req: { url: 'https://x.example/?client_secret=CLIENT_SECRET' }, secrets: [] },
  { name: 'a word ending in secret is not the name', req: { url: `https://x.example/?topsecret=${CS}` }, secrets: [CS] },
];
