import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

describe('architecture: the arrow points one way (ui → shared ← background → core)', () => {
  it('src/core imports nothing outside src/core and uses no browser API', () => {
    const core = resolve('src/core');
    const offenders: string[] = [];
    for (const f of files(core)) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? '';
        if (spec.startsWith('.')) {
          const target = resolve(dirname(f), spec);
          if (relative(core, target).startsWith('..')) offenders.push(`${relative('.', f)} imports ${spec}`);
        } else if (/webextension-polyfill|^preact/.test(spec)) offenders.push(`${relative('.', f)} imports ${spec}`);
      }
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      if (/\b(chrome|browser)\.[a-z]/.test(code)) offenders.push(`${relative('.', f)} uses chrome./browser.`);
    }
    expect(offenders).toEqual([]);
  });

  it('pages (src/ui) never import the background, and the background never imports ui', () => {
    const offenders: string[] = [];
    for (const [from, banned] of [
      ['src/ui', 'src/background'],
      ['src/background', 'src/ui'],
      ['src/shared', 'src/background'],
    ] as const) {
      for (const f of files(resolve(from))) {
        for (const m of readFileSync(f, 'utf8').matchAll(IMPORT)) {
          const spec = m[1] ?? m[2] ?? '';
          if (spec.startsWith('.') && !relative(resolve(banned), resolve(dirname(f), spec)).startsWith('..')) {
            offenders.push(`${relative('.', f)} imports ${spec}`);
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
