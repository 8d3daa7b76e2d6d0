import { describe, expect, it } from 'vitest';
import { publicKeyRule } from '../../../../src/core/leaks/rules/public-key';
import { fakePublicKey } from '../fake';
import { negative, positive } from './public-key.fixtures';
import { runFixtures } from './run-fixtures';

runFixtures('public_key', positive, negative);

describe('publicKeyRule.detect', () => {
  it('finds public keys anywhere in a value', () => {
    const a = fakePublicKey(7);
    expect(publicKeyRule.detect(`{"k":"${a}"}`, null).map((m) => m.secret)).toEqual([a]);
  });
  it('is info wherever it is', async () => {
    const { severityOf } = await import('../../../../src/core/leaks/severity');
    for (const loc of ['query', 'fragment', 'path', 'referer', 'authorization', 'body', 'location'] as const) {
      expect(severityOf('public_key', loc)).toBe('info');
    }
  });
});
