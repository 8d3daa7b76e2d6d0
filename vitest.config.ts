import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// Node 20 lacks Map.groupBy / Object.groupBy (Node 21+), which vitest 5's reporter uses when it
// prints failures. Supported Node is 22+; this keeps Node 20 working (see README).
type GroupBy = <K, T>(items: Iterable<T>, key: (item: T, index: number) => K) => Map<K, T[]>;
const M = Map as unknown as { groupBy?: GroupBy };
M.groupBy ??= <K, T>(items: Iterable<T>, key: (item: T, index: number) => K) => {
  const out = new Map<K, T[]>();
  let i = 0;
  for (const item of items) {
    const k = key(item, i++);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
};
const O = Object as unknown as { groupBy?: (items: Iterable<unknown>, key: (item: unknown, i: number) => PropertyKey) => object };
O.groupBy ??= (items, key) => Object.fromEntries(M.groupBy!(items, key));

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        plugins: [preact()],
        test: {
          name: 'ui',
          include: ['test/ui/**/*.test.tsx'],
          setupFiles: ['test/ui/setup-i18n.ts'],
          environment: 'happy-dom',
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          pool: 'forks',
        },
      },
    ],
  },
});
