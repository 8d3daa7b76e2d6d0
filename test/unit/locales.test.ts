import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

type Messages = Record<string, { message: string }>;
const load = (loc: string): Messages => JSON.parse(readFileSync(`public/_locales/${loc}/messages.json`, 'utf8'));
const LOCALES = ['en', 'es', 'pt_BR'];
const en = load('en');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx|html|json)$/.test(name) ? [p] : [];
  });
}

describe('localization', () => {
  it('en, es and pt_BR have exactly the same keys', () => {
    for (const loc of LOCALES) expect(Object.keys(load(loc)).sort()).toEqual(Object.keys(en).sort());
  });

  it('every translation uses the same $n substitutions as English and is not empty', () => {
    const subs = (s: string) => [...s.matchAll(/\$(\d)/g)].map((m) => m[1]).sort().join(',');
    for (const loc of LOCALES) {
      const m = load(loc);
      for (const [k, v] of Object.entries(en)) {
        expect(m[k]?.message.trim(), `${loc}:${k}`).toBeTruthy();
        expect(subs(m[k]!.message), `${loc}:${k}`).toBe(subs(v.message));
      }
    }
  });

  it('every literal key passed to t() and every __MSG_x__ exists', () => {
    const missing: string[] = [];
    for (const f of [...files('src'), 'manifest.json']) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)) if (!en[m[1]!]) missing.push(`${f}: ${m[1]}`);
      for (const m of text.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) if (!en[m[1]!]) missing.push(`${f}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it('every plural sentence has the forms each locale needs (one, many, other)', () => {
    const bases = new Set(Object.keys(en).filter((k) => /_(one|many|other)$/.test(k)).map((k) => k.replace(/_(one|many|other)$/, '')));
    for (const loc of LOCALES) {
      const m = load(loc);
      const needed = new Intl.PluralRules(loc.replace('_', '-')).resolvedOptions().pluralCategories;
      for (const base of bases) {
        for (const form of new Set([...needed, 'one', 'other'])) expect(m[`${base}_${form}`], `${loc}:${base}_${form}`).toBeDefined();
      }
    }
    for (const src of files('src')) {
      for (const mm of readFileSync(src, 'utf8').matchAll(/\btp\(\s*'([A-Za-z0-9_]+)'/g)) expect(bases.has(mm[1]!), `${src}: ${mm[1]}`).toBe(true);
    }
  });

  it('no message writes a plural with brackets such as `(s)`, `(es)` or `crítica(s)`: plurals go through tp()', () => {
    const bad: string[] = [];
    for (const loc of LOCALES) {
      for (const [k, v] of Object.entries(load(loc))) if (/\p{L}\((s|es|as|os|is|ns|a|o)\)/u.test(v.message)) bad.push(`${loc}:${k}: ${v.message}`);
    }
    expect(bad).toEqual([]);
  });

  it('a message with a count that tp() uses has its count as $1 in every form', () => {
    const bases = new Set(Object.keys(en).filter((k) => /_(one|many|other)$/.test(k)).map((k) => k.replace(/_(one|many|other)$/, '')));
    for (const loc of LOCALES) {
      const m = load(loc);
      for (const base of bases) for (const form of ['one', 'many', 'other']) expect(m[`${base}_${form}`]?.message, `${loc}:${base}_${form}`).toContain('$1');
    }
  });

  it('every error code has a next step in every locale', () => {
    for (const k of Object.keys(en).filter((k) => k.startsWith('err_'))) {
      expect(en[`next_${k.slice(4)}`], `next_${k.slice(4)}`).toBeDefined();
    }
  });
});
