/**
 * Throughput and recall: our leak engine against secretlint configured with the Mercado Pago rules
 * proposed for gitleaks, on the same generated corpus, in the same run.
 *
 * Peer configuration. gitleaks PRs #2078 (momenbasel, "payment processor detection rules") and
 * #2117 (gugacyber, "Mercado Pago access token and public key detection rules") both propose
 * `mercadopago-access-token` and `mercadopago-public-key`. The rule file they add,
 * gitleaks/gitleaks `cmd/generate/config/rules/mercadopago.go`, was found in two stored versions
 * (commits 6894f11… and dcdca3b…); which commit belongs to which PR could not be confirmed. The
 * access-token pattern is the same in both; the public-key pattern accepts `TEST-` only in the
 * second, so the union is used (the more generous reading for the peer):
 *   access token: (?:APP_USR|TEST)-[0-9]{10,16}-[0-9]{6}-[a-f0-9]{32}-[0-9]{6,12}
 *   public key:   (?:APP_USR|TEST)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}
 * each wrapped as gitleaks' GenerateUniqueTokenRegex does: `\b(` … `)(?:['"\x60\s;\\<,)]|$)`.
 * Go's `$` means end of text; here the `m` flag lets it also match at each line end of the batch
 * input (again the generous reading: without it the peer would miss every token ending a line).
 *
 * Two ways of running each tool are measured, because they answer different questions:
 * - per URL: one call per request URL, as the extension (or a proxy) must do — scanRequest({url})
 *   against one secretlint lintSource() call per URL;
 * - batch: a log at once, as a CI job does — our scanLines() over a block of lines (what the CLI
 *   runs on each block it reads) against one lintSource() over the same block (what the secretlint
 *   CLI runs per file).
 *
 * Reading the batch figure: the peer makes one regular-expression pass over the block for two
 * literal-prefixed patterns and looks at nothing else; our one pass looks for every hint of every
 * encoding (about twenty alternatives, names in any case), and on every line that shows one (13% of
 * this corpus) we parse, decode and judge the values it holds. Raw throughput there is not our
 * strength; what the peer misses is.
 *
 * Recall counts a planted leak as found when the tool reports it on its line (ours: a finding whose
 * fingerprint is the planted secret's; secretlint: a reported range on that line that contains the
 * secret). Reports on lines without a planted leak are counted separately; public keys and OAuth
 * codes in callbacks are expected there, and our engine rates them `info`.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { creator as patternRule } from '@secretlint/secretlint-rule-pattern';
import { fingerprint, scanLines, scanRequest, scanText, quickGate, SEVERITY_RANK } from '../src/core/leaks/index';
import { type Corpus, generateCorpus } from './corpus';
import { tgBlob, tgShape } from '../test/unit/leaks/hostile';

const URLS = Number(process.env.BENCH_URLS ?? 100_000);
const PASSES = Number(process.env.BENCH_PASSES ?? 5);
/** Chunks the corpus is cut into for alternated timing. */
const CHUNKS = 10;

type LintOptions = Parameters<typeof lintSource>[0]['options'];

const WRAP_PREFIX = String.raw`\b(`;
const WRAP_SUFFIX = String.raw`)(?:['"\x60\s;\\<,)]|$)`;
export const GITLEAKS_MP_PATTERNS = {
  accessToken: String.raw`(?:APP_USR|TEST)-[0-9]{10,16}-[0-9]{6}-[a-f0-9]{32}-[0-9]{6,12}`,
  publicKey: String.raw`(?:APP_USR|TEST)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`,
};

/** The pattern rule's options: the gitleaks patterns, wrapped as gitleaks wraps them. */
export const SECRETLINT_PATTERNS = [
  { name: 'mercadopago-access-token', patterns: [`/${WRAP_PREFIX}${GITLEAKS_MP_PATTERNS.accessToken}${WRAP_SUFFIX}/m`] },
  { name: 'mercadopago-public-key', patterns: [`/${WRAP_PREFIX}${GITLEAKS_MP_PATTERNS.publicKey}${WRAP_SUFFIX}/m`] },
];

// secretlint's profiler (on by default in @secretlint/core) marks every call and keeps the entries;
// its CLI turns it off unless profiling is asked for, and so do we: the peer runs at its best.
secretLintProfiler.setEnabled(false);

const secretlintConfig: LintOptions['config'] = {
  rules: [
    {
      id: '@secretlint/secretlint-rule-pattern',
      rule: patternRule,
      options: {
        patterns: SECRETLINT_PATTERNS,
      },
    },
  ],
};

async function secretlintOne(content: string): Promise<(readonly [number, number])[]> {
  const r = await lintSource({
    source: { content, filePath: '/bench/input.txt', ext: '.txt', contentType: 'text' },
    options: { config: secretlintConfig, maskSecrets: false },
  });
  return r.messages.map((m) => m.range);
}

interface Measure {
  ms: number;
  /** line index → flagged (and, for recall, which text was flagged) */
  flagged: Map<number, string[]>;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Which lines each tool flags (one untimed pass), for recall. */
function flaggedByOurs(c: Corpus, scan: (line: string) => ReturnType<typeof scanText>): Map<number, string[]> {
  const flagged = new Map<number, string[]>();
  for (let i = 0; i < c.lines.length; i++) {
    const fs = scan(c.lines[i]!);
    const serious = fs.filter((f) => SEVERITY_RANK[f.severity] >= 1).map((f) => f.fingerprint);
    if (serious.length) flagged.set(i, serious);
  }
  return flagged;
}

async function flaggedBySecretlintPerUrl(c: Corpus): Promise<Map<number, string[]>> {
  const flagged = new Map<number, string[]>();
  for (let i = 0; i < c.lines.length; i++) {
    const line = c.lines[i]!;
    const ranges = await secretlintOne(line);
    if (ranges.length) flagged.set(i, ranges.map(([s, e]) => line.slice(s, e)));
  }
  return flagged;
}

async function flaggedBySecretlintBatch(c: Corpus, text: string): Promise<Map<number, string[]>> {
  const ranges = await secretlintOne(text);
  const starts: number[] = [];
  let off = 0;
  for (const l of c.lines) {
    starts.push(off);
    off += l.length + 1;
  }
  const lineOf = (pos: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const flagged = new Map<number, string[]>();
  for (const [s, e] of ranges) {
    const line = lineOf(s);
    const list = flagged.get(line) ?? [];
    list.push(text.slice(s, e));
    flagged.set(line, list);
  }
  return flagged;
}

/** A full garbage collection between timed runs (the flag is set at run time; no CLI flag needed). */
const collectGarbage: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  const gc: unknown = vm.runInNewContext('gc');
  return typeof gc === 'function' ? (gc as () => void) : () => {};
})();

/**
 * Times the contenders in alternation, chunk by chunk, so a busy machine slows them alike, with a
 * full garbage collection before each timed chunk. Each chunk's time is its best over the passes
 * (bursts of load from other processes drop out); a contender's time is the sum of its chunks'
 * best times.
 */
async function timeInterleaved(
  chunks: number,
  contenders: ((chunk: number) => Promise<number> | number)[],
  warmUps: (() => Promise<void> | void)[],
): Promise<number[]> {
  const best = contenders.map(() => new Array<number>(chunks).fill(Infinity));
  for (let p = 0; p < PASSES; p++) {
    for (let k = 0; k < chunks; k++) {
      for (let j = 0; j < contenders.length; j++) {
        // Nobody pays for the other's garbage; then a short untimed run re-warms what the
        // collection may have flushed (compiled regular expressions, inline caches).
        collectGarbage();
        await warmUps[j]!();
        const t = performance.now();
        await contenders[j]!(k);
        const ms = performance.now() - t;
        if (ms < best[j]![k]!) best[j]![k] = ms;
      }
    }
  }
  return best.map((b) => b.reduce((a, x) => a + x, 0));
}

interface Quality {
  recall: number;
  found: number;
  byForm: Map<string, { found: number; total: number }>;
  otherLinesFlagged: number;
}

function quality(c: Corpus, m: Measure, ours: boolean): Quality {
  const leakLines = new Set(c.leaks.map((l) => l.line));
  const byForm = new Map<string, { found: number; total: number }>();
  let found = 0;
  for (const l of c.leaks) {
    const got = m.flagged.get(l.line) ?? [];
    const hit = ours ? got.includes(fingerprint(l.secret)) : got.some((t) => t.includes(l.secret));
    if (hit) found++;
    const f = byForm.get(l.form) ?? { found: 0, total: 0 };
    f.total++;
    if (hit) f.found++;
    byForm.set(l.form, f);
  }
  let otherLinesFlagged = 0;
  for (const [line, items] of m.flagged) if (!leakLines.has(line) && items.length > 0) otherLinesFlagged++;
  return { recall: found / c.leaks.length, found, byForm, otherLinesFlagged };
}

export default async function leaksBench(): Promise<void> {
  console.log(`\n== leaks: our engine vs secretlint (gitleaks PR #2078/#2117 Mercado Pago patterns) ==`);
  const t0 = performance.now();
  const c = generateCorpus(URLS);
  const text = c.lines.join('\n');
  const bytes = Buffer.byteLength(text) - (c.lines.length - 1);
  const mb = bytes / 1e6;
  const gated = c.lines.filter((l) => quickGate(l)).length;
  console.log(
    `corpus: ${fmt(c.lines.length)} URLs, ${fmt(mb, 1)} MB, ${c.leaks.length} planted leaks (${fmt((100 * c.leaks.length) / c.lines.length, 2)}%), ` +
      `${fmt(c.informational)} lines with public keys/OAuth codes; ${fmt((100 * gated) / c.lines.length, 1)}% of URLs pass the gate ` +
      `(generated in ${fmt(performance.now() - t0)} ms); times: contenders alternated in ${CHUNKS} chunks, best of ${PASSES} passes per chunk`,
  );

  // Warm-up (JIT, caches) before anything is timed.
  for (let i = 0; i < 5000; i++) {
    scanRequest({ url: c.lines[i % c.lines.length]! });
    scanText(c.lines[i % c.lines.length]!);
  }
  for (let i = 0; i < 2000; i++) await secretlintOne(c.lines[i % c.lines.length]!);
  await secretlintOne(text);

  const size = Math.ceil(c.lines.length / CHUNKS);
  const chunk = (k: number) => c.lines.slice(k * size, (k + 1) * size);
  const chunks = Array.from({ length: CHUNKS }, (_, k) => chunk(k));
  let sink = 0;
  const warmLines = c.lines.slice(0, 300);
  const warmOursUrl = (): void => {
    for (const u of warmLines) sink += scanRequest({ url: u }).length;
  };
  const warmSecretlint = async (): Promise<void> => {
    for (const u of warmLines.slice(0, 30)) sink += (await secretlintOne(u)).length;
  };
  const warmOursText = (): void => {
    sink += scanLines(warmLines.join('\n'), () => undefined);
  };
  const [oursUrlMs, slUrlMs] = await timeInterleaved(CHUNKS, [
    (k) => {
      for (const u of chunks[k]!) sink += scanRequest({ url: u }).length;
      return 0;
    },
    async (k) => {
      for (const u of chunks[k]!) sink += (await secretlintOne(u)).length;
      return 0;
    },
  ], [warmOursUrl, warmSecretlint]);
  // Batch: secretlint gets each chunk of lines as one source, we scan the chunk's lines.
  const chunkTexts = chunks.map((ls) => ls.join('\n'));
  const [oursTextMs, slBatchMs] = await timeInterleaved(CHUNKS, [
    (k) => {
      sink += scanLines(chunkTexts[k]!, (_, fs) => (sink += fs.length));
      return 0;
    },
    async (k) => {
      sink += (await secretlintOne(chunkTexts[k]!)).length;
      return 0;
    },
  ], [warmOursText, warmSecretlint]);
  if (sink < 0) throw new Error('unreachable');

  const oursUrl: Measure = { ms: oursUrlMs!, flagged: flaggedByOurs(c, (u) => scanRequest({ url: u })) };
  const oursFlaggedText = new Map<number, string[]>();
  scanLines(text, (i, fs) => {
    const serious = fs.filter((f) => SEVERITY_RANK[f.severity] >= 1).map((f) => f.fingerprint);
    if (serious.length) oursFlaggedText.set(i, serious);
  });
  const oursText: Measure = { ms: oursTextMs!, flagged: oursFlaggedText };
  const slUrl: Measure = { ms: slUrlMs!, flagged: await flaggedBySecretlintPerUrl(c) };
  const slBatch: Measure = { ms: slBatchMs!, flagged: await flaggedBySecretlintBatch(c, text) };

  const rows: [string, Measure, boolean][] = [
    ['ours, per URL: scanRequest({url})', oursUrl, true],
    ['secretlint, per URL: lintSource(url)', slUrl, false],
    ['ours, batch: scanLines(10k-line text) (CLI path)', oursText, true],
    ['secretlint, batch: lintSource(10k-line text)', slBatch, false],
  ];
  console.log('');
  console.log(`${'tool / mode'.padEnd(48)}${'ns/URL'.padStart(10)}${'MB/s'.padStart(10)}${'recall'.padStart(20)}${'other lines flagged'.padStart(22)}`);
  const q = new Map<Measure, Quality>();
  for (const [name, m, ours] of rows) {
    const qq = quality(c, m, ours);
    q.set(m, qq);
    console.log(
      `${name.padEnd(48)}${fmt((m.ms * 1e6) / c.lines.length).padStart(10)}${fmt(mb / (m.ms / 1000), 1).padStart(10)}` +
        `${`${fmt(100 * qq.recall, 1)}% (${qq.found}/${c.leaks.length})`.padStart(20)}${fmt(qq.otherLinesFlagged).padStart(22)}`,
    );
  }
  const perUrlRatio = slUrl.ms / oursUrl.ms;
  const batchRatio = slBatch.ms / oursText.ms;
  console.log('');
  console.log(`speed ratio per URL (secretlint time / ours): ${fmt(perUrlRatio, 1)}x  ${perUrlRatio >= 10 ? '(target >= 10x: met)' : '(target >= 10x: NOT met)'}`);
  console.log(`speed ratio batch   (secretlint time / ours): ${fmt(batchRatio, 2)}x  ${batchRatio >= 10 ? '(target >= 10x: met)' : '(target >= 10x: NOT met)'}`);
  const qo = q.get(oursUrl)!;
  const qs = q.get(slUrl)!;
  console.log(`recall: ours ${fmt(100 * qo.recall, 1)}% vs secretlint ${fmt(100 * qs.recall, 1)}% ${qo.recall > qs.recall ? '(higher: met)' : '(NOT higher)'}`);
  console.log('');
  console.log('recall by planted form (ours per URL / secretlint per URL):');
  for (const [form, o] of q.get(oursUrl)!.byForm) {
    const s = qs.byForm.get(form)!;
    console.log(`  ${form.padEnd(28)} ${`${o.found}/${o.total}`.padStart(9)}  ${`${s.found}/${s.total}`.padStart(9)}`);
  }
  console.log(
    '\nnotes: "other lines flagged" counts our warning/critical findings and any secretlint report on lines without a planted leak;' +
      ' secretlint reports public keys (its rule treats them as secrets), ours rates them info.',
  );
  worstCases();
}

/**
 * Hostile input (issue #12): what one web page can make the service worker scan in one request,
 * and one line of a log. Each is timed alone, best of 9 runs after 3 untimed ones; the target is
 * at most 5 ms for any of them.
 */
function worstCases(): void {
  const form = (values: number, chars: number): Record<string, string[]> => {
    const f: Record<string, string[]> = {};
    for (let k = 0; k < values; k++) f[`f${k}`] = [tgBlob(k * 1000, chars)];
    return f;
  };
  const api = 'https://api.example/collect';
  // Inputs are built once, before anything is timed.
  const form2m = form(256, 8192);
  const form1m = form(128, 8192);
  const weak = { a: Array.from({ length: 256 }, () => 'token '.repeat(1366).slice(0, 8192)) };
  const oneName = { refresh_token: Array.from({ length: 1024 }, (_, k) => tgBlob(k * 100, 2048)) };
  const raw64k = tgBlob(0, 65_536);
  const json64k = JSON.stringify(Array.from({ length: 7 }, (_, k) => tgBlob(k * 300, 9000)));
  const params64k = `${api}?${Array.from({ length: 1800 }, (_, i) => `refresh_token=${tgShape(i)}`).join('&')}`.slice(0, 65_536);
  const nested64k = `${api}?r=${encodeURIComponent(encodeURIComponent(`https://b.example/?${Array.from({ length: 900 }, (_, i) => `access_token=${tgShape(i)}`).join('&')}`))}`.slice(0, 65_536);
  const q = Array.from({ length: 1800 }, (_, i) => `code=${tgShape(i)}`).join('&').slice(0, 65_000);
  const pairs64k = Array.from({ length: 1800 }, (_, i) => `refresh_token=${tgShape(i)}`).join(' ').slice(0, 65_536);
  const parens64k = `token=1 ${'(/'.repeat(32_760)}`;
  const cases: [string, () => unknown][] = [
    ['form POST, 256 values x 8 KiB of TG-... (2 MiB)', () => scanRequest({ url: api, requestBody: { formData: form2m } })],
    ['form POST, 128 values x 8 KiB (1 MiB)', () => scanRequest({ url: api, requestBody: { formData: form1m } })],
    ['form POST, 1,024 values x 2 KiB under one name', () => scanRequest({ url: api, requestBody: { formData: oneName } })],
    ['form POST, 256 values x 8 KiB of "token " (weak)', () => scanRequest({ url: api, requestBody: { formData: weak } })],
    ['raw body, 64 KiB of TG-...', () => scanRequest({ url: api, requestBody: { raw: raw64k } })],
    ['JSON body, 64 KiB of TG-... strings', () => scanRequest({ url: api, requestBody: { raw: json64k } })],
    ['URL, 64 KiB of refresh_token=TG-... params', () => scanRequest({ url: params64k })],
    ['URL, 64 KiB, double-encoded nested URL', () => scanRequest({ url: nested64k })],
    ['URL + Referer + Location, 64 KiB each', () =>
      scanRequest({ url: `${api}?${q}`, requestHeaders: [{ name: 'Referer', value: `https://shop.example/?${q}` }], responseHeaders: [{ name: 'Location', value: `/cb?${q}` }] })],
    ['log line, 64 KiB of TG-...', () => scanText(raw64k)],
    ['log line, 64 KiB of refresh_token=TG-... pairs', () => scanText(pairs64k)],
    ['log line, 64 KiB of "(/(/(/..."', () => scanText(parens64k)],
  ];
  console.log('\nworst cases (hostile input; target <= 5 ms per request or line):');
  let worst = 0;
  for (const [name, run] of cases) {
    for (let i = 0; i < 3; i++) run();
    let best = Infinity;
    for (let i = 0; i < 9; i++) {
      collectGarbage();
      const t = performance.now();
      run();
      best = Math.min(best, performance.now() - t);
    }
    worst = Math.max(worst, best);
    console.log(`  ${name.padEnd(52)} ${fmt(best, 2).padStart(8)} ms`);
  }
  console.log(`worst case: ${fmt(worst, 2)} ms  ${worst <= 5 ? '(target <= 5 ms: met)' : '(target <= 5 ms: NOT met)'}`);
}
