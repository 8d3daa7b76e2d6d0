/**
 * Runs a rule's fixtures: each positive must yield a finding with the expected fields, each
 * negative must yield no finding of the rule's kind. Every result is checked for the raw secret.
 */
import { describe, expect, it } from 'vitest';
import { type CredentialKind, type Finding, type HttpRequestLike, type ScanOptions, scanRequest, scanText } from '../../../../src/core/leaks/index';

export interface Fixture {
  name: string;
  /** A request to scan with scanRequest, or… */
  req?: HttpRequestLike;
  /** …a line of text to scan with scanText. */
  text?: string;
  opts?: ScanOptions;
  /** Raw secrets in the input, which must not appear in any finding. */
  secrets: string[];
  /** Fields the finding must have (positives only). */
  expect?: Partial<Finding>;
}

export function scanFixture(fx: Fixture): Finding[] {
  if (fx.req) return scanRequest(fx.req, fx.opts);
  return scanText(fx.text ?? '', fx.opts);
}

export function runFixtures(kind: CredentialKind, positive: readonly Fixture[], negative: readonly Fixture[]): void {
  describe(`${kind}: positive fixtures`, () => {
    for (const fx of positive) {
      it(fx.name, () => {
        const findings = scanFixture(fx);
        expect(findings).toContainEqual(expect.objectContaining({ kind, ...fx.expect }));
        const json = JSON.stringify(findings);
        for (const s of fx.secrets) expect(json).not.toContain(s);
        // One secret at one place is one kind.
        const kinds = new Map<string, string>();
        for (const f of findings) {
          const key = `${f.fingerprint}@${f.location}`;
          expect(kinds.get(key) ?? f.kind, key).toBe(f.kind);
          kinds.set(key, f.kind);
        }
      });
    }
  });
  describe(`${kind}: negative fixtures`, () => {
    for (const fx of negative) {
      it(fx.name, () => {
        const findings = scanFixture(fx);
        expect(findings.filter((f) => f.kind === kind)).toEqual([]);
        const json = JSON.stringify(findings);
        for (const s of fx.secrets) expect(json).not.toContain(s);
      });
    }
  });
}
