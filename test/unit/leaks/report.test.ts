import { describe, expect, it } from 'vitest';
import { RULE_INFO, scanRequest, scanText, toJsonLine, toSarif, toText } from '../../../src/core/leaks/index';
import { RULES } from '../../../src/core/leaks/index';
import { ACCESS_TOKEN_IN_PUBLIC_KEY_SLOT_RULE_ID } from '../../../src/core/leaks/rules/index';
import { TRUNCATED_RULE_ID } from '../../../src/core/leaks/rule-ids';
import { readFileSync } from 'node:fs';
import { fakeAccessToken, fakePublicKey, fakeTg } from './fake';

const AT = fakeAccessToken(1);
const f1 = scanRequest({ url: `https://shop.example/?access_token=${AT}` })[0]!;
const f2 = scanText(`code=${fakeTg(2)} pk=${fakePublicKey(3)}`);

describe('toJsonLine', () => {
  it('prints the contract fields and where', () => {
    const o = JSON.parse(toJsonLine(f1, { line: 3 }));
    for (const k of ['severity', 'kind', 'location', 'param', 'masked', 'fingerprint', 'fix']) expect(o).toHaveProperty(k);
    expect(o.line).toBe(3);
    expect(o).not.toHaveProperty('entry');
    expect(JSON.parse(toJsonLine(f1, { entry: 0 })).entry).toBe(0);
    expect(toJsonLine(f1)).not.toContain('\n');
    expect(toJsonLine(f1)).not.toContain(AT);
  });
});

describe('toText', () => {
  it('is three lines with severity, kind, location, masked value and fix', () => {
    const t = toText(f1, { line: 7 });
    expect(t.split('\n')).toHaveLength(3);
    expect(t).toMatch(/^line 7: CRITICAL Mercado Pago access token in query \(access_token\): APP_USR-/);
    expect(t).toContain('fix: ');
  });
});

describe('toSarif', () => {
  const log = toSarif([{ finding: f1, where: { line: 2 } }, ...f2.map((f) => ({ finding: f, where: { entry: 4 } })), f1], { artifactUri: 'logs/app.log' });
  const run = log.runs[0]!;
  const rules = (run.tool.driver as { rules: { id: string; defaultConfiguration: { level: string } }[] }).rules;

  it('is a SARIF 2.1.0 log with one run, the tool and every rule', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    const ruleIds = new Set(RULES.map((r) => r.id));
    ruleIds.add(ACCESS_TOKEN_IN_PUBLIC_KEY_SLOT_RULE_ID);
    ruleIds.add(TRUNCATED_RULE_ID);
    expect(new Set(rules.map((r) => r.id))).toEqual(ruleIds);
    for (const r of rules) expect(['error', 'warning', 'note']).toContain(r.defaultConfiguration.level);
    expect(RULE_INFO).toHaveLength(rules.length);
  });
  it('gives each result a rule index, level, message and location', () => {
    expect(run.results).toHaveLength(4);
    for (const r of run.results as Record<string, any>[]) {
      expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(['error', 'warning', 'note']).toContain(r.level);
      expect(r.message.text.length).toBeGreaterThan(10);
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe('logs/app.log');
      expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      expect(Object.values(r.partialFingerprints)[0]).toMatch(/^[0-9a-f]{16}:/);
    }
    const [line, entry, , bare] = run.results as Record<string, any>[];
    expect(line!.locations[0].physicalLocation.region.startLine).toBe(2);
    expect(line!.level).toBe('error');
    expect(entry!.locations[0].logicalLocations[0].fullyQualifiedName).toBe('log.entries[4]');
    expect(entry!.properties.entry).toBe(4);
    expect(bare!.locations[0].logicalLocations).toBeUndefined();
  });
  it('never contains a raw secret and is plain JSON', () => {
    const text = JSON.stringify(log);
    expect(text).not.toContain(AT);
    expect(JSON.parse(text)).toEqual(log);
  });
  it('uses stdin as the default artifact', () => {
    expect(toSarif([]).runs[0]!.artifacts[0]!.location.uri).toBe('stdin');
  });
});

describe('report module', () => {
  it('imports nothing from Node (the DevTools panel reuses it)', () => {
    const src = readFileSync('src/core/leaks/report.ts', 'utf8');
    expect(src).not.toMatch(/from ['"]node:/);
  });
});
