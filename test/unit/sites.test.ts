import { describe, expect, it } from 'vitest';
import { API_BASE, authHostFor, getSite, isSiteId, panelUrlFor, SITE_IDS, SITES } from '../../src/core/sites';

describe('sites', () => {
  it('lists the seven countries with their domains', () => {
    const table = Object.fromEntries(SITE_IDS.map((id) => [id, [SITES[id].country, SITES[id].domain]]));
    expect(table).toEqual({
      MLA: ['Argentina', '.com.ar'],
      MLB: ['Brazil', '.com.br'],
      MLC: ['Chile', '.cl'],
      MLM: ['Mexico', '.com.mx'],
      MLU: ['Uruguay', '.com.uy'],
      MCO: ['Colombia', '.com.co'],
      MPE: ['Peru', '.com.pe'],
    });
  });
  it('derives auth hosts and panel links', () => {
    expect(SITES.MLA.authHost).toBe('auth.mercadopago.com.ar');
    expect(SITES.MLC.panelUrl).toBe('https://www.mercadopago.cl/developers/panel/app');
    for (const id of SITE_IDS) {
      expect(SITES[id].id).toBe(id);
      expect(SITES[id].authHost).toBe(`auth.mercadopago${SITES[id].domain}`);
      expect(SITES[id].panelUrl).toBe(`https://www.mercadopago${SITES[id].domain}/developers/panel/app`);
    }
    expect(API_BASE).toBe('https://api.mercadopago.com');
  });
  it('falls back to the generic host', () => {
    expect(authHostFor(null)).toBe('auth.mercadopago.com');
    expect(authHostFor(undefined)).toBe('auth.mercadopago.com');
    expect(authHostFor('MLM')).toBe('auth.mercadopago.com.mx');
    expect(panelUrlFor(null)).toBe('https://www.mercadopago.com/developers/panel/app');
  });
  it('isSiteId / getSite', () => {
    expect(isSiteId('MLA')).toBe(true);
    expect(isSiteId('mla')).toBe(false);
    expect(isSiteId('MLV')).toBe(false);
    expect(isSiteId(3)).toBe(false);
    expect(isSiteId('toString')).toBe(false);
    expect(getSite('MPE')?.country).toBe('Peru');
    expect(getSite('x')).toBeNull();
  });
  it('is frozen', () => {
    expect(Object.isFrozen(SITES)).toBe(true);
    expect(Object.isFrozen(SITES.MLA)).toBe(true);
  });
});
