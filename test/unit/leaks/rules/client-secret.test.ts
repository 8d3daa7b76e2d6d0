import { describe, expect, it } from 'vitest';
import { clientSecretRule, looksLikeClientSecret, namesClientSecret } from '../../../../src/core/leaks/rules/client-secret';
import { fakeClientSecret } from '../fake';
import { negative, positive } from './client-secret.fixtures';
import { runFixtures } from './run-fixtures';

runFixtures('client_secret', positive, negative);

describe('clientSecretRule', () => {
  it('recognizes client-secret names', () => {
    for (const n of ['client_secret', 'clientSecret', 'CLIENT_SECRET', 'mp-client-secret', 'secret_key', 'app_secret', 'clientsecret']) {
      expect(namesClientSecret(n)).toBe(true);
    }
    for (const n of ['secret', 'secretary', 'client', 'topsecret', 'client_secret_hint_x']) expect(namesClientSecret(n)).toBe(false);
  });
  it('wants 32 mixed letters and digits', () => {
    expect(looksLikeClientSecret(fakeClientSecret(2))).toBe(true);
    expect(looksLikeClientSecret(`${fakeClientSecret(2)}x`)).toBe(false);
    expect(looksLikeClientSecret('a1'.repeat(16))).toBe(false);
  });
  it('reports the trimmed value', () => {
    const cs = fakeClientSecret(4);
    expect(clientSecretRule.detect(` ${cs} `, 'client_secret')[0]!.secret).toBe(cs);
  });
});
