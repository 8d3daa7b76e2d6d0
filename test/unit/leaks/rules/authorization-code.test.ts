import { describe, expect, it } from 'vitest';
import { authorizationCodeRule } from '../../../../src/core/leaks/rules/authorization-code';
import { fakeTg } from '../fake';
import { negative, positive } from './authorization-code.fixtures';
import { runFixtures } from './run-fixtures';

runFixtures('authorization_code', positive, negative);

describe('authorizationCodeRule.detect', () => {
  it('claims TG- values unless they are named as refresh tokens', () => {
    const tg = fakeTg(3);
    expect(authorizationCodeRule.detect(tg, 'code')).toHaveLength(1);
    expect(authorizationCodeRule.detect(tg, null)).toHaveLength(1);
    expect(authorizationCodeRule.detect(tg, 'refresh_token')).toEqual([]);
    expect(authorizationCodeRule.detect(tg, 'refreshToken')).toEqual([]);
  });
});
