/**
 * Leak detection engine: public API.
 *
 * - `scanRequest(req, opts)` — one HTTP request (URL, Referer, Authorization to Mercado Pago from a
 *   web page, body, response Location), synchronous.
 * - `scanText(line, opts)` — one line of free text (logs, URL lists).
 * - `fingerprint(secret)` — 16 hex characters of SHA-256, synchronous, to match findings against
 *   stored tokens.
 * - `quickGate(s)` — the cheap pre-filter every scan starts with.
 * Report formats (JSON lines, SARIF, text) are in `./report`.
 */
export type {
  CredentialKind,
  Finding,
  FindingKind,
  FixId,
  HttpHeaderLike,
  HttpRequestLike,
  Location,
  Rule,
  RuleMatch,
  ScanOptions,
  Severity,
} from './types';
export { scanRequest, scanText, scanLines, scanLongLine, originOf } from './scan';
export { fingerprint, sha256Hex } from './sha256';
export { quickGate } from './gate';
export { severityOf, fixFor, FIX_TEXT, SEVERITY_RANK } from './severity';
export { RULES } from './rules/index';
export * as limits from './limits';
export { toJsonLine, toJsonObject, toSarif, toText, RULE_INFO } from './report';
export type { JsonReport, ReportItem, SarifLog, SarifOptions, Where } from './report';
