import { describe, expect, it } from 'vitest';
import { maskSecret } from '../../src/core/mask';

const HEX = '0123456789abcdef0123456789abcdef';

describe('maskSecret', () => {
  it('keeps the prefix, four characters of the random part and the last four', () => {
    expect(maskSecret(`APP_USR-1234567890123456-031820-${HEX}-241983636`)).toBe('APP_USR-0123\u20263636');
    expect(maskSecret(`TEST-1234567890123456-031820-${HEX}__LA_LD__-241983636`)).toBe('TEST-0123\u20263636');
    expect(maskSecret('TG-0123456789abcdef01234567-241983636')).toBe('TG-0123\u20263636');
    expect(maskSecret('APP_USR-0f3c2a9e-7a1d-4a4b-9f5e-2b7c1d3e4f5a')).toBe('APP_USR-0f3c\u20264f5a');
  });
  it('tells apart two access tokens of the same seller and application', () => {
    const a = maskSecret(`APP_USR-1234567890123456-031820-${HEX}-241983636`);
    const b = maskSecret(`APP_USR-1234567890123456-031820-fedc${HEX.slice(4)}-241983636`);
    expect(a).not.toBe(b);
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
