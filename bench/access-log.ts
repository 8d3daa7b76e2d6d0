/**
 * A realistic web-server access log for the CLI bench, deterministic from a seed: the combined log
 * format (`ip - - [time] "METHOD target HTTP/1.1" status bytes "referer" "user agent"`) with the
 * request targets of the benchmark corpus (static assets, REST calls, search pages, redirectors,
 * Mercado Pago's normal traffic: public keys in queries and OAuth callbacks with a `code`, about 12%
 * of lines, which the engine reports as `info`) and about 0.1% of lines with a planted leak.
 */
import { type Corpus, generateCorpus, prng } from './corpus';

const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'okhttp/4.12.0',
];
const REFERERS = ['-', 'https://www.google.com/', 'https://www.mercadolibre.com.ar/', 'https://l.facebook.com/', 'https://www.instagram.com/'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The request target of a corpus URL: path, query (a fragment becomes part of the query: servers never see fragments). */
function target(url: string): string {
  const m = /^[a-z]+:\/\/[^/?#]*/i.exec(url);
  let t = m ? url.slice(m[0].length) : url;
  if (!t.startsWith('/')) t = `/${t}`;
  const hash = t.indexOf('#');
  if (hash >= 0) t = `${t.slice(0, hash)}${t.indexOf('?') >= 0 && t.indexOf('?') < hash ? '&' : '?'}${t.slice(hash + 1)}`;
  return t;
}

function clf(t: number): string {
  const d = new Date(t);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

export interface AccessLog {
  /** Lines, each ending with `\n`, in blocks; join them for the file. */
  blocks: string[];
  bytes: number;
  lines: number;
  leakLines: number;
}

/**
 * About `megabytes` MB of access log. The corpus of request targets (20,000 URLs, 0.1% leaks) is
 * cycled with fresh addresses, times, statuses and sizes, so a bigger log keeps the same mix.
 */
export function generateAccessLog(megabytes: number, seed = 15): AccessLog {
  const corpus: Corpus = generateCorpus(20_000, seed, 0.001);
  const leakAt = new Set(corpus.leaks.map((l) => l.line));
  const r = prng(seed * 31 + 7);
  const blocks: string[] = [];
  let bytes = 0;
  let lines = 0;
  let leakLines = 0;
  let t = Date.UTC(2024, 4, 1);
  const target0 = megabytes * 1e6;
  while (bytes < target0) {
    let block = '';
    for (let k = 0; k < 2000; k++, lines++) {
      const i = lines % corpus.lines.length;
      if (leakAt.has(i)) leakLines++;
      t += Math.floor(r() * 400);
      const ip = `${10 + Math.floor(r() * 180)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`;
      const method = r() < 0.85 ? 'GET' : 'POST';
      const status = r() < 0.93 ? 200 : r() < 0.5 ? 302 : 404;
      const size = 200 + Math.floor(r() * 60_000);
      const ref = REFERERS[Math.floor(r() * REFERERS.length)]!;
      const ua = AGENTS[Math.floor(r() * AGENTS.length)]!;
      block += `${ip} - - [${clf(t)}] "${method} ${target(corpus.lines[i]!)} HTTP/1.1" ${status} ${size} "${ref}" "${ua}"\n`;
    }
    blocks.push(block);
    bytes += Buffer.byteLength(block);
  }
  return { blocks, bytes, lines, leakLines };
}
