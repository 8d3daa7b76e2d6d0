/**
 * Build of the `scan` command line: one plain-JavaScript ES module for Node (no TypeScript, no tsx
 * at run time), `dist-cli/scan.mjs`, which the package's `bin` points at. Separate from the
 * extension's build (vite.config.ts → dist/), which it never touches.
 */
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

export default defineConfig({
  // No public/ copy, no HTML: a library build of one entry.
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: false,
    minify: false,
    ssr: 'src/cli/scan.ts',
    rollupOptions: {
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: { format: 'es', entryFileNames: 'scan.mjs', banner: '#!/usr/bin/env node' },
    },
  },
  ssr: { noExternal: true, target: 'node' },
});
