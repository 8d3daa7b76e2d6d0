import { describe, expect, it } from 'vitest';
import { mergeRecords, updatedAtOf } from '../../../src/core/vault';

describe('mergeRecords (default: incoming wins only when strictly newer by updatedAt)', () => {
  it('adds new ids, replaces older ones, keeps newer or equal ones', () => {
    const existing = { a: { v: 'old', updatedAt: 1 }, b: { v: 'mine', updatedAt: 5 }, c: { v: 'same', updatedAt: 3 }, only: 1 };
    const incoming = { a: { v: 'new', updatedAt: 2 }, b: { v: 'theirs', updatedAt: 4 }, c: { v: 'tie', updatedAt: 3 }, d: { v: 'added' } };
    const r = mergeRecords(existing, incoming);
    expect(r.added).toEqual(['d']);
    expect(r.replaced).toEqual(['a']);
    expect(r.kept).toEqual(['b', 'c']);
    expect(r.merged).toEqual({ a: incoming.a, b: existing.b, c: existing.c, only: 1, d: incoming.d });
  });

  it('keeps existing when either side lacks a numeric updatedAt', () => {
    const r = mergeRecords(
      { a: { updatedAt: 1 }, b: { x: 1 }, c: 'plain', d: { updatedAt: '1' }, e: { updatedAt: 1 } },
      { a: { x: 2 }, b: { updatedAt: 9 }, c: 'other', d: { updatedAt: 9 }, e: { updatedAt: Number.POSITIVE_INFINITY } },
    );
    expect(r.replaced).toEqual([]);
    expect(r.kept).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('does not modify its inputs', () => {
    const existing = { a: { updatedAt: 1 } };
    const incoming = { a: { updatedAt: 2 }, b: 1 };
    const snapshot = JSON.stringify([existing, incoming]);
    mergeRecords(existing, incoming);
    expect(JSON.stringify([existing, incoming])).toBe(snapshot);
  });

  it('supports the incoming, existing and custom policies', () => {
    const existing = { a: { updatedAt: 5 }, b: { updatedAt: 1 } };
    const incoming = { a: { updatedAt: 1 }, b: { updatedAt: 5 }, c: 0 };
    expect(mergeRecords(existing, incoming, 'incoming')).toMatchObject({ replaced: ['a', 'b'], kept: [], added: ['c'] });
    expect(mergeRecords(existing, incoming, 'existing')).toMatchObject({ replaced: [], kept: ['a', 'b'], added: ['c'] });
    expect(mergeRecords(existing, incoming, (id) => (id === 'a' ? 'incoming' : 'existing'))).toMatchObject({
      replaced: ['a'],
      kept: ['b'],
    });
  });

  it('handles __proto__ as an ordinary id', () => {
    const incoming = Object.fromEntries([['__proto__', { polluted: true }]]) as Record<string, unknown>;
    const r = mergeRecords({}, incoming);
    expect(r.added).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(r.merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(r.merged)).toEqual(['__proto__']);
  });

  it('updatedAtOf reads only an own finite number', () => {
    expect(updatedAtOf({ updatedAt: 3 })).toBe(3);
    expect(updatedAtOf({ updatedAt: Number.NaN })).toBeUndefined();
    expect(updatedAtOf(Object.create({ updatedAt: 3 }))).toBeUndefined();
    expect(updatedAtOf([1])).toBeUndefined();
    expect(updatedAtOf(null)).toBeUndefined();
  });
});
