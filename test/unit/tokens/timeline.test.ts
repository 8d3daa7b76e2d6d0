import { describe, expect, it } from 'vitest';
import { appendEvent, TIMELINE_CAP, type TimelineEvent } from '../../../src/core/tokens';
import { T0 } from './fixtures';

describe('appendEvent', () => {
  it('appends without mutating', () => {
    const t: TimelineEvent[] = [{ at: T0, kind: 'linked' }];
    const next = appendEvent(t, { at: T0 + 1, kind: 'refreshed', masked: 'APP_USR-1111\u20263636' });
    expect(next).toEqual([
      { at: T0, kind: 'linked' },
      { at: T0 + 1, kind: 'refreshed', masked: 'APP_USR-1111\u20263636' },
    ]);
    expect(t).toHaveLength(1);
  });
  it('is bounded at 50 by default, dropping the oldest', () => {
    let t: TimelineEvent[] = [];
    for (let i = 0; i < 120; i++) t = appendEvent(t, { at: T0 + i, kind: 'refreshed' });
    expect(TIMELINE_CAP).toBe(50);
    expect(t).toHaveLength(50);
    expect(t[0]!.at).toBe(T0 + 70);
    expect(t[49]!.at).toBe(T0 + 119);
  });
  it('honours a custom cap, including a cap below the current length', () => {
    const t = Array.from({ length: 10 }, (_, i): TimelineEvent => ({ at: i, kind: 'refreshed' }));
    expect(appendEvent(t, { at: 10, kind: 'leaked', code: 'mp_access_token' }, 3)).toEqual([
      { at: 8, kind: 'refreshed' },
      { at: 9, kind: 'refreshed' },
      { at: 10, kind: 'leaked', code: 'mp_access_token' },
    ]);
    expect(appendEvent(t, { at: 10, kind: 'leaked' }, 0)).toEqual([]);
  });
  it('masks a raw value passed by mistake and drops unknown fields', () => {
    const raw = 'APP_USR-1234567890123456-010101-0123456789abcdef0123456789abcdef-241983636';
    const [e] = appendEvent([], { at: T0, kind: 'leaked', masked: raw, extra: raw } as TimelineEvent);
    expect(e).toEqual({ at: T0, kind: 'leaked', masked: 'APP_USR-0123\u20263636' });
    expect(JSON.stringify(e)).not.toContain('0123456789abcdef');
  });
});
