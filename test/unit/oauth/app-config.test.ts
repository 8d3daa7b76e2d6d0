import { describe, expect, it } from 'vitest';
import { validateAppInput } from '../../../src/core/oauth';

const good = {
  id: 'app-1',
  name: '  My shop  ',
  clientId: ' 1234567890123456 ',
  clientSecret: 'abcdefghijklmnopqrstuvwxyz012345',
  siteId: 'MLB',
};

describe('validateAppInput', () => {
  it('accepts a minimal form with defaults and returns the secret apart', () => {
    const r = validateAppInput(good);
    expect(r).toEqual({
      ok: true,
      value: { id: 'app-1', name: 'My shop', clientId: '1234567890123456', siteId: 'MLB', pkce: 'S256', sandbox: false },
      clientSecret: 'abcdefghijklmnopqrstuvwxyz012345',
    });
    if (r.ok) expect(JSON.stringify(r.value)).not.toContain('abcdefghijklmnop');
  });

  it('takes the id from options when the input has none', () => {
    const r = validateAppInput({ ...good, id: undefined }, { id: 'generated' });
    expect(r.ok && r.value.id).toBe('generated');
    expect(validateAppInput({ ...good, id: undefined })).toEqual({ ok: false, errors: [{ field: 'id', code: 'id_invalid' }] });
  });

  it('keeps pkce, sandbox and custom endpoints; drops empty endpoints', () => {
    const r = validateAppInput({
      ...good,
      pkce: 'plain',
      sandbox: true,
      endpoints: { authorization: 'http://127.0.0.1:8787/authorization', token: '', api: null },
    });
    expect(r.ok && r.value).toMatchObject({ pkce: 'plain', sandbox: true, endpoints: { authorization: 'http://127.0.0.1:8787/authorization' } });
    const off = validateAppInput({ ...good, pkce: 'off', endpoints: { token: ' ' } });
    expect(off.ok && off.value.pkce).toBe('off');
    expect(off.ok && 'endpoints' in off.value).toBe(false);
  });

  it('reports every field error with its code', () => {
    const r = validateAppInput({
      id: 'bad id!',
      name: '',
      clientId: '12ab',
      clientSecret: '',
      siteId: 'MLX',
      pkce: 's256',
      sandbox: 'yes',
      endpoints: { authorization: 'http://evil.example/authorization', token: 'not a url', api: 7 },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { field: 'id', code: 'id_invalid' },
      { field: 'name', code: 'name_required' },
      { field: 'clientId', code: 'client_id_digits' },
      { field: 'clientSecret', code: 'client_secret_required' },
      { field: 'siteId', code: 'site_invalid' },
      { field: 'pkce', code: 'pkce_invalid' },
      { field: 'sandbox', code: 'sandbox_invalid' },
      { field: 'endpoints.authorization', code: 'endpoint_not_https' },
      { field: 'endpoints.token', code: 'endpoint_invalid' },
      { field: 'endpoints.api', code: 'endpoint_invalid' },
    ]);
  });

  it('client id: required, digits only (a number is accepted)', () => {
    expect(validateAppInput({ ...good, clientId: '' })).toMatchObject({ ok: false, errors: [{ field: 'clientId', code: 'client_id_required' }] });
    expect(validateAppInput({ ...good, clientId: '-123' })).toMatchObject({ ok: false, errors: [{ code: 'client_id_digits' }] });
    expect(validateAppInput({ ...good, clientId: '１２３' })).toMatchObject({ ok: false, errors: [{ code: 'client_id_digits' }] });
    const n = validateAppInput({ ...good, clientId: 1234 });
    expect(n.ok && n.value.clientId).toBe('1234');
  });

  it('client secret: no inner whitespace; optional when editing', () => {
    expect(validateAppInput({ ...good, clientSecret: 'abc def' })).toMatchObject({ ok: false, errors: [{ code: 'client_secret_invalid' }] });
    const edit = validateAppInput({ ...good, clientSecret: '' }, { secretOptional: true });
    expect(edit).toMatchObject({ ok: true, clientSecret: null });
  });

  it('name: max length', () => {
    expect(validateAppInput({ ...good, name: 'x'.repeat(81) })).toMatchObject({ ok: false, errors: [{ code: 'name_too_long' }] });
  });

  it('refuses non-objects', () => {
    for (const x of [null, undefined, 'x', 3, []]) expect(validateAppInput(x).ok).toBe(false);
  });

  it('never echoes the secret in errors', () => {
    const r = validateAppInput({ ...good, clientSecret: 'has space secretvalue', siteId: 'nope' });
    expect(JSON.stringify(r)).not.toContain('secretvalue');
  });
});
