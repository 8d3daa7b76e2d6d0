import { describe, expect, it } from 'vitest';
import { accessTokenRule } from '../../../../src/core/leaks/rules/access-token';
import { fakeAccessToken } from '../fake';
import { negative, positive } from './access-token.fixtures';
import { runFixtures } from './run-fixtures';

runFixtures('access_token', positive, negative);

describe('accessTokenRule.detect', () => {
  it('finds every token in a value and reads the user id', () => {
    const a = fakeAccessToken(10);
    const b = fakeAccessToken(11, { legacy: '__BR_ML__' });
    const m = accessTokenRule.detect(`${a} and ${b}`, null);
    expect(m.map((x) => x.secret)).toEqual([a, b]);
    expect(m[1]!.userId).toBe(b.slice(b.lastIndexOf('-') + 1));
  });
  it('uses the public-key-slot rule id under public key names', () => {
    const a = fakeAccessToken(12);
    for (const name of ['public_key', 'publicKey', 'mp-public-key', 'PUBLIC_KEY']) {
      expect(accessTokenRule.detect(a, name)[0]!.rule).toBe('mp-access-token-in-public-key-slot');
    }
    expect(accessTokenRule.detect(a, 'key')[0]!.rule).toBe('mp-access-token');
  });
});
