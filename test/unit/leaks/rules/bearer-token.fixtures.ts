import { fakeAccessToken, fakeJwt, fakeOpaqueToken } from '../fake';
import type { Fixture } from './run-fixtures';

const JWT = fakeJwt(1);
const OPAQUE = fakeOpaqueToken(2);
const b = { rule: 'bearer-token', userId: null } as const;

export const positive: Fixture[] = [
  { name: 'JWT as access_token in a query is a warning', req: { url: `https://api.partner.example/v2/items?access_token=${JWT}` }, secrets: [JWT], expect: { ...b, severity: 'warning', location: 'query', param: 'access_token', fixId: 'move_bearer_to_header' } },
  { name: 'id_token in a fragment', req: { url: `https://shop.example/cb#id_token=${JWT}&state=x` }, secrets: [JWT], expect: { ...b, severity: 'warning', location: 'fragment', param: 'id_token' } },
  { name: 'opaque refresh_token (not TG-)', req: { url: `https://shop.example/?refresh_token=${OPAQUE}` }, secrets: [OPAQUE], expect: { ...b, severity: 'warning' } },
  { name: 'camelCase accessToken', req: { url: `https://shop.example/?accessToken=${OPAQUE}` }, secrets: [OPAQUE], expect: { ...b, param: 'accessToken' } },
  { name: 'client_secret that is not 32 characters', req: { url: `https://shop.example/?client_secret=${fakeOpaqueToken(3, 48)}` }, secrets: [fakeOpaqueToken(3, 48)], expect: { ...b, severity: 'warning' } },
  { name: 'form body access_token is info', req: { url: 'https://api.partner.example/x', requestBody: { formData: { access_token: [OPAQUE] } } }, secrets: [OPAQUE], expect: { ...b, severity: 'info', location: 'body', fixId: 'review_bearer_in_body' } },
  {
    name: 'opaque bearer sent from a web page to Mercado Pago',
    req: { url: 'https://api.mercadopago.com/v1/payments', initiator: 'https://shop.example', requestHeaders: [{ name: 'Authorization', value: `Bearer ${OPAQUE}` }] },
    secrets: [OPAQUE],
    expect: { ...b, severity: 'warning', location: 'authorization' },
  },
  { name: 'Authorization header in a log line', text: `> Authorization: Bearer ${JWT}`, secrets: [JWT], expect: { ...b, location: 'authorization', fixId: 'scrub_from_text' } },
];

export const negative: Fixture[] = [
  { name: 'placeholder ACCESS_TOKEN', req: { url: 'https://x.example/?access_token=ACCESS_TOKEN' }, secrets: [] },
  { name: 'placeholder YOUR_ACCESS_TOKEN_HERE', req: { url: 'https://x.example/?access_token=YOUR_ACCESS_TOKEN_HERE' }, secrets: [] },
  { name: 'template ${TOKEN}', req: { url: 'https://x.example/?access_token=${MP_ACCESS_TOKEN_VALUE}' }, secrets: [] },
  { name: 'short value', req: { url: 'https://x.example/?access_token=abc123' }, secrets: [] },
  { name: 'xxxx filler', req: { url: 'https://x.example/?access_token=xxxxxxxxxxxxxxxxxxxxxxxx' }, secrets: [] },
  { name: 'csrf_token is not a bearer credential name', req: { url: `https://x.example/?csrf_token=${OPAQUE}` }, secrets: [OPAQUE] },
  { name: 'page_token / nextPageToken', req: { url: `https://x.example/?page_token=${OPAQUE}&nextPageToken=${OPAQUE}` }, secrets: [OPAQUE] },
  { name: 'a Mercado Pago access token is reported as one, not as generic', req: { url: `https://x.example/?access_token=${fakeAccessToken(9)}` }, secrets: [fakeAccessToken(9)] },
  { name: 'masked value APP_USR-1234…5678', req: { url: `https://x.example/?access_token=${encodeURIComponent('APP_USR-1234\u20265678')}` }, secrets: [] },
  {
    name: 'Authorization header to a non-Mercado Pago API',
    req: { url: 'https://api.partner.example/x', initiator: 'https://shop.example', requestHeaders: [{ name: 'Authorization', value: `Bearer ${OPAQUE}` }] },
    secrets: [OPAQUE],
  },
];
