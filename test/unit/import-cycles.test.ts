import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { API } from 'typescript/unstable/sync';
import { SyntaxKind, type Node, type SourceFile } from 'typescript/unstable/ast';

// The module graph of src/, parsed by the TypeScript compiler (the project's own tsconfig), with
// every import that survives compilation: value imports and re-exports, side-effect imports,
// dynamic import(). Type-only imports (`import type`, `export type`, `{ type X }` only) are
// erased by the compiler and cannot form a circle at run time, so they are left out.

const SRC = resolve('src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** A relative specifier as the bundler resolves it (tsconfig: moduleResolution "Bundler"). */
function resolveSpecifier(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function stringOf(node: Node | undefined): string | null {
  return node && node.kind === SyntaxKind.StringLiteral ? (node as unknown as { text: string }).text : null;
}

/** The specifiers this file imports at run time. */
function runtimeImports(file: SourceFile): string[] {
  const out: string[] = [];
  const visit = (node: Node): void => {
    if (node.kind === SyntaxKind.ImportDeclaration) {
      const d = node as unknown as {
        importClause?: { phaseModifier?: SyntaxKind; name?: Node; namedBindings?: Node & { elements?: readonly { isTypeOnly: boolean }[] } };
        moduleSpecifier: Node;
      };
      const clause = d.importClause;
      const typeOnly =
        !!clause &&
        (clause.phaseModifier === SyntaxKind.TypeKeyword ||
          (!clause.name &&
            clause.namedBindings?.kind === SyntaxKind.NamedImports &&
            clause.namedBindings.elements!.length > 0 &&
            clause.namedBindings.elements!.every((e) => e.isTypeOnly)));
      const spec = stringOf(d.moduleSpecifier);
      if (!typeOnly && spec) out.push(spec);
      return;
    }
    if (node.kind === SyntaxKind.ExportDeclaration) {
      const d = node as unknown as { isTypeOnly: boolean; exportClause?: Node & { elements?: readonly { isTypeOnly: boolean }[] }; moduleSpecifier?: Node };
      const typeOnly =
        d.isTypeOnly ||
        (d.exportClause?.kind === SyntaxKind.NamedExports && d.exportClause.elements!.length > 0 && d.exportClause.elements!.every((e) => e.isTypeOnly));
      const spec = stringOf(d.moduleSpecifier);
      if (!typeOnly && spec) out.push(spec);
      return;
    }
    if (node.kind === SyntaxKind.CallExpression) {
      const c = node as unknown as { expression: Node; arguments: readonly Node[] };
      const spec = c.expression.kind === SyntaxKind.ImportKeyword ? stringOf(c.arguments[0]) : null;
      if (spec) out.push(spec);
    }
    node.forEachChild(visit);
  };
  file.forEachChild(visit);
  return out;
}

const api = new API({ cwd: process.cwd() });
afterAll(() => api.close());

function moduleGraph(): Map<string, string[]> {
  const project = api.updateSnapshot({ openProject: resolve('tsconfig.json') }).getProject(resolve('tsconfig.json'));
  if (!project) throw new Error('tsconfig.json did not open as a project');
  const graph = new Map<string, string[]>();
  for (const f of sources(SRC)) {
    const file = project.program.getSourceFile(f);
    if (!file) throw new Error(`${relative('.', f)} is not part of the TypeScript program`);
    const targets = runtimeImports(file)
      .filter((s) => s.startsWith('.'))
      .map((s) => resolveSpecifier(f, s))
      .filter((t): t is string => t !== null && /\.tsx?$/.test(t) && !relative(SRC, t).startsWith('..'));
    graph.set(f, [...new Set(targets)]);
  }
  return graph;
}

/** Every elementary circle, each written once from its smallest file (Tarjan's SCCs, then a walk inside each). */
function cycles(graph: Map<string, string[]>): string[][] {
  const found = new Map<string, string[]>();
  const nodes = [...graph.keys()].sort();
  for (const start of nodes) {
    // Circles through `start` that visit only files sorting after it: each circle is found once.
    const stack: string[] = [start];
    const onPath = new Set([start]);
    const walk = (at: string): void => {
      for (const next of graph.get(at) ?? []) {
        if (next === start) {
          const c = [...stack];
          found.set(c.join('>'), c);
        } else if (next > start && !onPath.has(next) && found.size < 50) {
          stack.push(next);
          onPath.add(next);
          walk(next);
          onPath.delete(next);
          stack.pop();
        }
      }
    };
    walk(start);
  }
  return [...found.values()];
}

describe('architecture: no import circles in src/', () => {
  it('the graph is read from the compiler and sees the real imports', () => {
    const graph = moduleGraph();
    const rel = (f: string) => relative('.', f).replace(/\\/g, '/');
    const entry = [...graph.keys()].find((f) => rel(f) === 'src/background/index.ts')!;
    // The worker entry imports other files of src/: an empty graph would pass the test below.
    expect(graph.get(entry)!.length).toBeGreaterThan(3);
    expect([...graph.values()].flat().every((t) => graph.has(t))).toBe(true);
  });

  it('no file reaches itself through its value imports (type-only imports excepted)', () => {
    const graph = moduleGraph();
    const rel = (f: string) => relative('.', f).replace(/\\/g, '/');
    const circles = cycles(graph).map((c) => [...c, c[0]!].map(rel).join(' → '));
    expect(circles).toEqual([]);
  });
});
