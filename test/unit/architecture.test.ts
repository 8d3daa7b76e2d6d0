import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every import of a file (type-only ones included): relative ones resolved as the bundler does, root-relative ones from the project. */
function importsOf(f: string): { spec: string; target: string | null }[] {
  return [...readFileSync(f, 'utf8').matchAll(IMPORT)].map((m) => {
    const spec = m[1] ?? m[2] ?? m[3] ?? '';
    if (!spec.startsWith('.') && !spec.startsWith('/')) return { spec, target: null };
    const base = spec.startsWith('/') ? resolve(`.${spec}`) : resolve(dirname(f), spec);
    const target = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')].find((c) => existsSync(c) && statSync(c).isFile());
    return { spec, target: target ?? base };
  });
}

describe('architecture: the arrow points one way (ui → shared ← background → core)', () => {
  it('src/core imports nothing outside src/core and uses no browser API', () => {
    const core = resolve('src/core');
    const offenders: string[] = [];
    for (const f of files(core)) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? '';
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
          const spec = m[1] ?? m[2] ?? m[3] ?? '';
          if (spec.startsWith('.') && !relative(resolve(banned), resolve(dirname(f), spec)).startsWith('..')) {
            offenders.push(`${relative('.', f)} imports ${spec}`);
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('no page (src/ui, src/offscreen) imports anything under src/background, not even a type', () => {
    const background = resolve('src/background');
    const offenders: string[] = [];
    for (const f of [...files(resolve('src/ui')), ...files(resolve('src/offscreen'))]) {
      for (const { spec, target } of importsOf(f)) {
        if (target && !relative(background, target).startsWith('..')) offenders.push(`${relative('.', f)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('architecture: background rooms (src/background/<room>/)', () => {
  const background = resolve('src/background');
  const rooms = readdirSync(background).filter((n) => statSync(join(background, n)).isDirectory());

  it('the background holds only its entry (index.ts) and rooms, each with an index.ts', () => {
    const loose = readdirSync(background).filter((n) => !rooms.includes(n) && n !== 'index.ts');
    expect(loose).toEqual([]);
    expect(rooms.filter((r) => !existsSync(join(background, r, 'index.ts')))).toEqual([]);
    expect(rooms.length).toBeGreaterThan(3);
  });

  it("a room imports another room only through that room's index.ts, and never the entry", () => {
    const offenders: string[] = [];
    for (const room of rooms) {
      for (const f of files(join(background, room))) {
        for (const { spec, target } of importsOf(f)) {
          if (!target || relative(background, target).startsWith('..')) continue;
          const [targetRoom] = relative(background, target).split(/[\\/]/);
          if (targetRoom === room) continue;
          if (target === join(background, 'index.ts')) offenders.push(`${relative('.', f)} imports the entry (${spec})`);
          else if (target !== join(background, targetRoom!, 'index.ts')) offenders.push(`${relative('.', f)} imports ${spec} instead of ../${targetRoom}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it("the entry imports each room through its index.ts only", () => {
    const offenders = importsOf(join(background, 'index.ts'))
      .filter(({ target }) => target && !relative(background, target).startsWith('..'))
      .filter(({ target }) => !rooms.some((r) => target === join(background, r, 'index.ts')))
      .map(({ spec }) => `src/background/index.ts imports ${spec}`);
    expect(offenders).toEqual([]);
  });

  it("each room's index.ts opens with a comment saying what the room owns", () => {
    const silent = rooms.filter((r) => !/^(\/\*\*|\/\/) *The \S+ room: ./.test(readFileSync(join(background, r, 'index.ts'), 'utf8')));
    expect(silent).toEqual([]);
  });
});
