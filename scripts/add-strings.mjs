// Adds or updates UI strings in all three locales at once.
// Usage: node scripts/add-strings.mjs strings.json   where strings.json is {"key": ["en", "es", "pt_BR"], ...}
// Keeps each messages.json sorted by key so diffs stay small.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';

const LOCALES = ['en', 'es', 'pt_BR'];
const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
for (const [i, loc] of LOCALES.entries()) {
  const file = `public/_locales/${loc}/messages.json`;
  const cur = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  for (const [key, texts] of Object.entries(input)) {
    if (!Array.isArray(texts) || texts.length !== 3) throw new Error(`${key}: need [en, es, pt_BR]`);
    cur[key] = { message: texts[i] };
  }
  const sorted = Object.fromEntries(Object.keys(cur).sort().map((k) => [k, cur[k]]));
  writeFileSync(file, JSON.stringify(sorted, null, 2) + '\n');
}
console.log(`${Object.keys(input).length} strings in ${LOCALES.join(', ')}`);
