import { fakeAccessToken, fakePublicKey } from '../fake';
import type { Fixture } from './run-fixtures';

const PK = fakePublicKey(1);
const TEST_PK = fakePublicKey(2, 'TEST');
const info = { severity: 'info', rule: 'mp-public-key', fixId: 'public_key_ok', userId: null } as const;

export const positive: Fixture[] = [
  { name: 'public_key in a query (normal, info)', req: { url: `https://api.mercadopago.com/v1/card_tokens?public_key=${PK}` }, secrets: [PK], expect: { ...info, location: 'query', param: 'public_key' } },
  { name: 'TEST- public key', req: { url: `https://shop.example/checkout?pk=${TEST_PK}` }, secrets: [TEST_PK], expect: { ...info, location: 'query' } },
  { name: 'in a JSON body', req: { url: 'https://shop.example/api', requestBody: { raw: JSON.stringify({ publicKey: PK }) } }, secrets: [PK], expect: { ...info, location: 'body', param: 'publicKey' } },
  { name: 'in a text line', text: `MP_PUBLIC_KEY=${PK}`, secrets: [PK], expect: { ...info, location: 'body', param: 'MP_PUBLIC_KEY' } },
  { name: 'upper-case hex', req: { url: `https://shop.example/?k=${PK.toUpperCase().replace('APP_USR', 'APP_USR')}` }, secrets: [], expect: { ...info } },
];

export const negative: Fixture[] = [
  { name: 'doc placeholder APP_USR-d0a26210-XXXXXXXX-479f0400869e', req: { url: 'https://x.example/?public_key=APP_USR-d0a26210-XXXXXXXX-479f0400869e' }, secrets: [] },
  { name: 'UUID without prefix', req: { url: `https://x.example/?id=${PK.slice(8)}` }, secrets: [] },
  { name: 'last group of 11 hex', req: { url: `https://x.example/?public_key=${PK.slice(0, -1)}` }, secrets: [] },
  { name: 'all-zero UUID', req: { url: 'https://x.example/?public_key=APP_USR-00000000-0000-0000-0000-000000000000' }, secrets: [] },
  { name: 'an access token is not a public key', req: { url: `https://x.example/?t=${fakeAccessToken(5)}` }, secrets: [fakeAccessToken(5)] },
];
