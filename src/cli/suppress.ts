/**
 * Suppression, in the conventions of gitleaks, TruffleHog and detect-secrets:
 * - an ignore file of fingerprints (like `.gitleaksignore`): one 16-hex fingerprint per line, or
 *   `fingerprint:location` (the SARIF partial fingerprint) to ignore it in one location only;
 *   `#` starts a comment;
 * - a baseline: an earlier `--format json` report (or a SARIF one); a finding with the same
 *   fingerprint, rule, location and parameter is known and does not fail the run, wherever and
 *   in whichever file it is now (logs rotate, lines move);
 * - an inline allow marker (ALLOW_MARKER in args.ts) on the line itself.
 * Fingerprints are 64 bits of SHA-256 of the secret: stable, and they reveal nothing of it.
 * Pure: the caller reads the files.
 */
import type { Finding } from '../core/leaks/index';

const FP_RE = /^[0-9a-f]{16}$/;
const LOCATIONS = new Set(['query', 'fragment', 'path', 'referer', 'authorization', 'body', 'location']);

export interface IgnoreList {
  /** Fingerprints ignored everywhere. */
  all: Set<string>;
  /** `fingerprint:location` pairs. */
  at: Set<string>;
}

/** Parses an ignore file; a string is the error message for its first bad line. */
export function parseIgnoreFile(text: string, name: string): IgnoreList | string {
  const list: IgnoreList = { all: new Set(), at: new Set() };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const hash = lines[i]!.indexOf('#');
    const entry = (hash >= 0 ? lines[i]!.slice(0, hash) : lines[i]!).trim().toLowerCase();
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    const fp = colon >= 0 ? entry.slice(0, colon) : entry;
    const location = colon >= 0 ? entry.slice(colon + 1) : null;
    if (!FP_RE.test(fp) || (location !== null && !LOCATIONS.has(location))) {
      return `${name} line ${i + 1}: expected a 16-hex fingerprint, optionally followed by :location`;
    }
    if (location === null) list.all.add(fp);
    else list.at.add(`${fp}:${location}`);
  }
  return list;
}

export function isIgnored(list: IgnoreList, f: Finding): boolean {
  return list.all.has(f.fingerprint) || list.at.has(`${f.fingerprint}:${f.location}`);
}

/** The identity of a finding for baselines: what leaked, by which rule, where in the request. */
export function baselineKey(f: { fingerprint: string; rule: string; location: string; param: string | null }): string {
  return `${f.fingerprint}\u0000${f.rule}\u0000${f.location}\u0000${f.param ?? ''}`;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function keyOf(x: unknown): string | null {
  if (!isObject(x)) return null;
  const { fingerprint, rule, location, param } = x;
  if (typeof fingerprint !== 'string' || !FP_RE.test(fingerprint) || typeof rule !== 'string' || typeof location !== 'string') return null;
  return baselineKey({ fingerprint, rule, location, param: typeof param === 'string' ? param : null });
}

/**
 * Parses a baseline: JSON lines as `--format json` prints them, or a SARIF log as `--format sarif`
 * prints it (results' properties carry the same fields). A string is the error message.
 */
export function parseBaseline(text: string, name: string): Set<string> | string {
  const keys = new Set<string>();
  const trimmed = text.trim();
  if (trimmed === '') return keys;
  if (trimmed.startsWith('{') && /^\{\s*"\$schema"|^\{\s*"version"|"runs"\s*:/.test(trimmed.slice(0, 200))) {
    let doc: unknown;
    try {
      doc = JSON.parse(trimmed);
    } catch {
      doc = undefined;
    }
    if (isObject(doc) && Array.isArray(doc.runs)) {
      for (const run of doc.runs) {
        if (!isObject(run) || !Array.isArray(run.results)) continue;
        for (const r of run.results) {
          const props = isObject(r) ? r.properties : undefined;
          const k = keyOf(isObject(props) ? { ...props, rule: isObject(r) ? r.ruleId : undefined } : undefined);
          if (k) keys.add(k);
        }
      }
      return keys;
    }
  }
  const lines = trimmed.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let k: string | null = null;
    try {
      k = keyOf(JSON.parse(line));
    } catch {
      k = null;
    }
    if (k === null) return `${name} line ${i + 1}: not a finding of a --format json report`;
    keys.add(k);
  }
  return keys;
}
