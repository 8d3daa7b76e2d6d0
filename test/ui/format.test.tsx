import './setup-i18n';
import { describe, expect, it } from 'vitest';
import { secondsLeft, spanText, timeOfDay } from '../../src/shared/format';

describe('format', () => {
  it('a moment today is its time of day; any other day carries its date', () => {
    const now = new Date(2026, 2, 3, 18, 0, 0).getTime();
    const today = timeOfDay(new Date(2026, 2, 3, 18, 4, 0).getTime(), now);
    const tomorrow = timeOfDay(new Date(2026, 2, 4, 6, 4, 0).getTime(), now);
    expect(today).toMatch(/06:04|18:04/);
    expect(today).not.toMatch(/2026/);
    expect(tomorrow).toMatch(/2026/);
    expect(tomorrow).toMatch(/4/);
  });
  it('spans and seconds left', () => {
    expect(spanText(2000)).toBe('00:00:02');
    expect(spanText(3 * 86400_000 + 3600_000)).toBe('3d 01h 00m');
    expect(secondsLeft(1500, 0)).toBe(2);
    expect(secondsLeft(0, 5000)).toBe(0);
  });
});
