import { describe, expect, it } from 'vitest';
import { maskSecret } from '../../src/core/mask';

describe('maskSecret', () => {
  it('keeps the prefix, four leading and four trailing characters', () => {
    expect(maskSecret('APP_USR-1234567890123456-031820-0123456789abcdef0123456789abcdef-241983636')).toBe(
      'APP_USR-1234\u20263636',
    );
    expect(maskSecret('TG-0123456789abcdef01234567-241983636')).toBe('TG-0123\u20263636');
  });
  it('shows nothing of short values', () => {
    expect(maskSecret('short')).toBe('\u2022\u2022\u2022\u2022');
    expect(maskSecret('TEST-abc')).toBe('TEST-\u2022\u2022\u2022\u2022');
  });
  it('never contains the middle of the secret', () => {
    const secret = 'abcdefghijklmnopqrstuvwxyz012345';
    expect(maskSecret(secret)).not.toContain('ijklmnop');
  });
});
