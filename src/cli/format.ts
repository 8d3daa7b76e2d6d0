/**
 * Output lines of `scan`, written without building an object per finding: the JSON line is the
 * same text as `JSON.stringify({ file, ...toJsonObject(finding, where) })` (a unit test compares
 * them), put together from the fields, most of which repeat from finding to finding.
 */
import type { Finding } from '../core/leaks/index';
import { toText } from '../core/leaks/report';

const QUOTED = new Map<string, string>();

/** JSON.stringify of a string that repeats (severity, rule, fix sentence, file name), cached. */
function q(s: string): string {
  let v = QUOTED.get(s);
  if (v === undefined) {
    v = JSON.stringify(s);
    if (QUOTED.size < 4096) QUOTED.set(s, v);
  }
  return v;
}

function qn(s: string | null): string {
  return s === null ? 'null' : JSON.stringify(s);
}

/** The JSON line of a finding up to its `line`/`entry` member: append `,"line":N}` or `}`. */
export function jsonHead(file: string, f: Finding): string {
  return (
    `{"file":${q(file)},"severity":${q(f.severity)},"kind":${q(f.kind)},"rule":${q(f.rule)},"location":${q(f.location)},` +
    `"param":${qn(f.param)},"masked":${JSON.stringify(f.masked)},"fingerprint":${JSON.stringify(f.fingerprint)},` +
    `"userId":${qn(f.userId)},"url":${JSON.stringify(f.url)},"fix":${q(f.fix)},"fixId":${q(f.fixId)}`
  );
}

/** The text block of a finding after its `file: line N: ` or `file: entry N: ` label. */
export function textBody(f: Finding): string {
  return toText(f);
}
