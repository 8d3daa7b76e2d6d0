import { describe, expect, it } from 'vitest';
import { bearerTokenRule, looksLikeBearerToken, namesBearerToken } from '../../../../src/core/leaks/rules/bearer-token';
import { fakeJwt } from '../fake';
import { negative, positive } from './bearer-token.fixtures';
import { runFixtures } from './run-fixtures';

runFixtures('bearer_token', positive, negative);

describe('bearerTokenRule', () => {
  it('recognizes the OAuth names only', () => {
    for (const n of ['access_token', 'accessToken', 'ACCESS_TOKEN', 'mp_access_token', 'refresh_token', 'id_token', 'idToken', 'client_secret', 'access-token']) {
      expect(namesBearerToken(n)).toBe(true);
    }
    for (const n of ['token', 'csrf_token', 'paidToken', 'page_token', 'access', 'secret']) expect(namesBearerToken(n)).toBe(false);
  });
  it('strips a Bearer scheme', () => {
    const jwt = fakeJwt(5);
    expect(bearerTokenRule.detect(`Bearer ${jwt}`, 'access_token')[0]!.secret).toBe(jwt);
  });
  it('rejects low-variety and placeholder values', () => {
    expect(looksLikeBearerToken('aaaaaaaaaaaaaaaaaaaa')).toBe(false);
    expect(looksLikeBearerToken('your_token_goes_here_1234')).toBe(false);
    expect(looksLikeBearerToken(fakeJwt(6))).toBe(true);
  });
});
