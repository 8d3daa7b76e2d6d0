import { fakeAccessToken } from '../fake';
import { maskSecret } from '../../../../src/core/mask';
import type { Fixture } from './run-fixtures';

const AT = fakeAccessToken(1);
const TEST_AT = fakeAccessToken(2, { prefix: 'TEST' });
const LEGACY = fakeAccessToken(3, { legacy: '__LA_LD__' });
const SHORT_APP = fakeAccessToken(4, { appIdDigits: 10, userIdDigits: 6 });
/**
 * The family seen in Mercado Pago's own sample code: application ids of 15 and 16 digits, and the
 * legacy infix segment in its letter variants (`__LA_LB__`, `__LA_LD__`, `__LB_LC__`,
 * `__LC_LA__`, `__LC_LB__`, `__LD_LC__`), with APP_USR- and TEST-.
 */
const LEGACY_VARIANTS = ['__LA_LB__', '__LA_LD__', '__LB_LC__', '__LC_LA__', '__LC_LB__', '__LD_LC__'];
const FAMILY = [15, 16]
  .flatMap((appIdDigits) => ['', ...LEGACY_VARIANTS].flatMap((legacy) => (['APP_USR', 'TEST'] as const).map((prefix) => ({ appIdDigits, legacy, prefix }))))
  .map((v, i) => ({ ...v, token: fakeAccessToken(40 + i, { prefix: v.prefix, appIdDigits: v.appIdDigits, legacy: v.legacy, userIdDigits: 6 + (i % 7) }) }));
const USER = AT.slice(AT.lastIndexOf('-') + 1);
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const b64 = (s: string) => Buffer.from(s).toString('base64');
const fullyEncoded = (s: string) => [...s].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');
const inUrl = { severity: 'critical', fixId: 'move_to_authorization_header' } as const;

export const positive: Fixture[] = [
  ...FAMILY.flatMap(({ appIdDigits, legacy, prefix, token }): Fixture[] => [
    {
      name: `${prefix}, ${appIdDigits}-digit app id${legacy ? `, legacy ${legacy}` : ''}: query`,
      req: { url: `https://api.mercadopago.com/v1/payments/search?access_token=${token}&limit=1` },
      secrets: [token],
      expect: { ...inUrl, rule: 'mp-access-token', location: 'query', param: 'access_token', userId: token.slice(token.lastIndexOf('-') + 1), masked: maskSecret(token) },
    },
    {
      name: `${prefix}, ${appIdDigits}-digit app id${legacy ? `, legacy ${legacy}` : ''}: SDK call in source`,
      text: `MercadoPago\\SDK::setAccessToken("${token}");`,
      secrets: [token],
      expect: { severity: 'critical', fixId: 'scrub_from_text' },
    },
  ]),
  {
    name: 'query parameter access_token',
    req: { url: `https://api.mercadopago.com/v1/payments/search?access_token=${AT}&limit=10` },
    secrets: [AT],
    expect: { ...inUrl, rule: 'mp-access-token', location: 'query', param: 'access_token', userId: USER, masked: maskSecret(AT) },
  },
  { name: 'TEST- prefix', req: { url: `https://shop.example/checkout?token=${TEST_AT}` }, secrets: [TEST_AT], expect: { ...inUrl, location: 'query', param: 'token' } },
  { name: 'legacy __XX_XX__ segment', req: { url: `https://shop.example/x?at=${LEGACY}` }, secrets: [LEGACY], expect: { ...inUrl, location: 'query' } },
  { name: '10-digit app id and 6-digit user id', req: { url: `https://shop.example/x?k=${SHORT_APP}` }, secrets: [SHORT_APP], expect: { ...inUrl } },
  { name: 'fragment parameter', req: { url: `https://shop.example/cb#access_token=${AT}&token_type=bearer` }, secrets: [AT], expect: { ...inUrl, location: 'fragment', param: 'access_token' } },
  { name: 'fragment with hash routing', req: { url: `https://shop.example/#/orders?access_token=${AT}` }, secrets: [AT], expect: { ...inUrl, location: 'fragment', param: 'access_token' } },
  { name: 'path segment', req: { url: `https://shop.example/api/tokens/${AT}/status` }, secrets: [AT], expect: { ...inUrl, location: 'path', param: null } },
  {
    name: 'nested URL, double-encoded, inside a parameter',
    req: { url: `https://shop.example/login?next=${encodeURIComponent(encodeURIComponent(`https://other.example/cb?access_token=${AT}`))}` },
    secrets: [AT],
    expect: { ...inUrl, location: 'query', param: 'next>access_token' },
  },
  {
    name: 'base64url JSON in state',
    req: { url: `https://shop.example/cb?code=x&state=${b64url(JSON.stringify({ user: 7, access_token: AT }))}` },
    secrets: [AT, b64url(JSON.stringify({ user: 7, access_token: AT }))],
    expect: { ...inUrl, location: 'query', param: 'state>access_token' },
  },
  {
    name: 'standard base64, percent-encoded',
    req: { url: `https://shop.example/cb?data=${encodeURIComponent(b64(`token=${AT}`))}` },
    secrets: [AT],
    expect: { ...inUrl, location: 'query', param: 'data>token' },
  },
  { name: 'every character percent-encoded', req: { url: `https://shop.example/x?t=${fullyEncoded(AT)}` }, secrets: [AT], expect: { ...inUrl, param: 't' } },
  {
    name: 'access token in the public_key slot',
    req: { url: `https://api.mercadopago.com/v1/card_tokens?public_key=${AT}` },
    secrets: [AT],
    expect: { rule: 'mp-access-token-in-public-key-slot', severity: 'critical', fixId: 'use_public_key', param: 'public_key' },
  },
  {
    name: 'Referer carrying it to another origin',
    req: { url: 'https://cdn.analytics.example/pixel.gif', requestHeaders: [{ name: 'Referer', value: `https://shop.example/admin?access_token=${AT}` }] },
    secrets: [AT],
    expect: { severity: 'critical', location: 'referer', param: 'access_token', fixId: 'strip_token_from_page_url' },
  },
  {
    name: 'Authorization header sent from a web page to Mercado Pago',
    req: { url: 'https://api.mercadopago.com/v1/payments', initiator: 'https://shop.example', requestHeaders: [{ name: 'Authorization', value: `Bearer ${AT}` }] },
    secrets: [AT],
    expect: { severity: 'critical', location: 'authorization', fixId: 'move_call_to_backend' },
  },
  {
    name: 'Authorization header to a configured sandbox host',
    req: { url: 'http://127.0.0.1:8787/v1/payments', initiator: 'http://localhost:5173', requestHeaders: [{ name: 'authorization', value: `bearer ${TEST_AT}` }] },
    opts: { mercadoPagoHosts: ['127.0.0.1:8787'] },
    secrets: [TEST_AT],
    expect: { location: 'authorization' },
  },
  {
    name: 'form body field (older docs send it as client_secret)',
    req: { url: 'https://api.mercadopago.com/oauth/token', method: 'POST', requestBody: { formData: { client_secret: [AT], grant_type: ['client_credentials'] } } },
    secrets: [AT],
    expect: { severity: 'critical', location: 'body', param: 'client_secret', fixId: 'keep_token_on_backend' },
  },
  {
    name: 'raw JSON body',
    req: { url: 'https://shop.example/api/save', method: 'POST', requestBody: { raw: JSON.stringify({ settings: { mp: { accessToken: AT } } }) } },
    secrets: [AT],
    expect: { location: 'body', param: 'settings>mp>accessToken' },
  },
  {
    name: 'response Location header',
    req: { url: 'https://shop.example/go', responseHeaders: [{ name: 'Location', value: `https://shop.example/done?access_token=${AT}` }] },
    secrets: [AT],
    expect: { severity: 'critical', location: 'location', param: 'access_token' },
  },
  {
    name: 'bare token in a log line',
    text: `2024-05-01T10:00:00Z ERROR payment failed using ${AT} for order 42`,
    secrets: [AT],
    expect: { severity: 'critical', location: 'body', param: null, fixId: 'scrub_from_text' },
  },
  {
    name: 'URL inside a log line',
    text: `10.0.0.1 - - [01/May/2024] "GET /v1/payments?access_token=${AT} HTTP/1.1" 200`,
    secrets: [AT],
    expect: { severity: 'critical', location: 'query', param: 'access_token', fixId: 'move_to_authorization_header' },
  },
];

export const negative: Fixture[] = [
  { name: 'doc placeholder APP_USR-12345678-031820-X-12345678', text: `curl -H 'Authorization: Bearer APP_USR-12345678-031820-X-12345678'`, secrets: [] },
  { name: 'doc placeholder with XXXXXXXX', req: { url: 'https://x.example/?access_token=APP_USR-4934588586838432-XXXXXXXX-241983636' }, secrets: [] },
  { name: 'app id of 9 digits', req: { url: `https://x.example/?t=${AT.replace(/^APP_USR-\d{7}/, 'APP_USR-')}` }, secrets: [] },
  { name: 'hash of 31 hex characters', req: { url: `https://x.example/?t=${AT.replace(/-([0-9a-f])[0-9a-f]{31}-/, '-$1' + 'a'.repeat(30) + '-')}` }, secrets: [] },
  { name: 'glued to a longer word', req: { url: `https://x.example/?t=XAPP_USR${AT.slice(7)}` }, secrets: [] },
  { name: 'user id of 5 digits', req: { url: `https://x.example/?t=${AT.replace(/-\d+$/, '-12345')}` }, secrets: [] },
  { name: 'all-zero hash filler', req: { url: `https://x.example/?t=APP_USR-1234567890123456-010101-${'0'.repeat(32)}-123456789` }, secrets: [] },
  {
    name: 'Authorization header from the backend (no initiator)',
    req: { url: 'https://api.mercadopago.com/v1/payments', requestHeaders: [{ name: 'Authorization', value: `Bearer ${AT}` }] },
    secrets: [AT],
  },
  {
    name: 'Authorization header from the extension itself',
    req: { url: 'https://api.mercadopago.com/users/me', initiator: 'chrome-extension://abcdefghijklmnop', requestHeaders: [{ name: 'Authorization', value: `Bearer ${AT}` }] },
    secrets: [AT],
  },
  {
    name: "Authorization header from Mercado Pago's own site",
    req: { url: 'https://api.mercadopago.com/v1/payments', initiator: 'https://www.mercadopago.com.ar', requestHeaders: [{ name: 'Authorization', value: `Bearer ${AT}` }] },
    secrets: [AT],
  },
  {
    name: 'Authorization header to a host that is not Mercado Pago',
    req: { url: 'https://api.shop.example/orders', initiator: 'https://shop.example', requestHeaders: [{ name: 'Authorization', value: `Bearer ${AT}` }] },
    secrets: [AT],
  },
  {
    name: 'Referer to the same origin',
    req: { url: 'https://shop.example/app.js', requestHeaders: [{ name: 'Referer', value: `https://shop.example/admin?access_token=${AT}` }] },
    secrets: [AT],
  },
  { name: 'plain URL without credentials', req: { url: 'https://shop.example/products?page=2&sort=price' }, secrets: [] },
];
