import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '../../../src/core/vault');
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

/** Source without comments, so the doc comments may talk about chrome.storage. */
function code(file: string): string {
  return readFileSync(join(dir, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/\s\/\/ .*$/gm, '');
}

describe('src/core/vault stays pure and portable', () => {
  it('has the expected files', () => {
    expect(files).toContain('index.ts');
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)('%s: no chrome/browser/DOM/Node APIs, no ambient crypto, clock or randomness', (file) => {
    const src = code(file);
    for (const banned of [
      /\bchrome\./,
      /\bbrowser\./,
      /\bBuffer\b/,
      /\batob\b|\bbtoa\b/,
      /\bwindow\b|\bdocument\b|\blocalStorage\b|\bindexedDB\b/,
      /globalThis/,
      /\bDate\.now\b|new Date\(/,
      /Math\.random/,
      /\bconsole\./,
      /from 'node:/,
    ]) {
      expect(src, `${file} matches ${banned}`).not.toMatch(banned);
    }
  });

  it.each(files)('%s: imports only siblings and holds no module-level mutable state', (file) => {
    const src = code(file);
    for (const m of src.matchAll(/from '([^']+)'/g)) expect(m[1], file).toMatch(/^\.\/[a-z0-9]+$/);
    expect(src).not.toMatch(/^(let|var)\s/m);
  });
});
