import { describe, expect, it } from 'vitest';
import { refreshTokenRule } from '../../../../src/core/leaks/rules/refresh-token';
import { fakeTg } from '../fake';
import { negative, positive } from './refresh-token.fixtures';
import { runFixtures } from './run-fixtures';

runFixtures('refresh_token', positive, negative);

describe('refreshTokenRule.detect', () => {
  it('only claims TG- values under refresh-token names', () => {
    const tg = fakeTg(9);
    for (const name of ['refresh_token', 'refreshToken', 'REFRESH_TOKEN', 'mp_refresh_token', 'refresh']) {
      expect(refreshTokenRule.detect(tg, name)).toHaveLength(1);
    }
    expect(refreshTokenRule.detect(tg, 'code')).toEqual([]);
    expect(refreshTokenRule.detect(tg, null)).toEqual([]);
  });
});
