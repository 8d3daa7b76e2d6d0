/**
 * ScanOptions.detailFrom and bareFingerprints (what the scan CLI asks for below its --report
 * level): the same findings, in the same order, with the same fields, except that those below the
 * level carry no displayed text (and, without bareFingerprints, no fingerprint).
 */
import { describe, expect, it } from 'vitest';
import { type Finding, SEVERITY_RANK, scanRequest, scanText } from '../../../src/core/leaks/index';
import { MAX_INPUT_CHARS } from '../../../src/core/leaks/limits';
import { fakeAccessToken, fakeClientSecret, fakePublicKey, fakeTg } from './fake';

const AT = fakeAccessToken(11);
const TG = fakeTg(12);
const PK = fakePublicKey(13);
const CS = fakeClientSecret(14);

const LINES = [
  `1.2.3.4 - - [01/May/2024:00:00:00 +0000] "GET /v1/installments?public_key=${PK}&amount=10 HTTP/1.1" 200 5 "https://www.google.com/" "Mozilla/5.0"`,
  `1.2.3.4 - - [01/May/2024:00:00:00 +0000] "GET /cb?code=${TG}&state=abc HTTP/1.1" 302 0 "-" "Mozilla/5.0"`,
  `GET https://shop.example/checkout?public_key=${PK}&access_token=${AT} 200`,
  `POST /oauth/token body={"client_secret":"${CS}","refresh_token":"${TG}","public_key":"${PK}"}`,
  `https://shop.example/a?redirect=${encodeURIComponent(`https://b.example/?public_key=${PK}&code=${TG}`)}`,
  // A hint past the part that is read: a truncated finding (info) next to a public key (info).
  `x public_key=${PK} ${'y'.repeat(MAX_INPUT_CHARS)} access_token=${AT}`,
  `Authorization: Bearer ${AT}`,
];

function expectBare(full: Finding[], bare: Finding[], from: 'warning' | 'critical', fingerprints: boolean): void {
  expect(bare.length).toBe(full.length);
  full.forEach((f, i) => {
    if (SEVERITY_RANK[f.severity] >= SEVERITY_RANK[from]) expect(bare[i]).toEqual(f);
    // The truncated finding's fingerprint is a constant that names no credential: it stays.
    else expect(bare[i]).toEqual({ ...f, url: '', masked: '\u2026', fingerprint: fingerprints || f.kind === 'truncated' ? f.fingerprint : '' });
  });
}

describe('findings below ScanOptions.detailFrom', () => {
  it('are the same findings, without displayed text (and fingerprint, when asked)', () => {
    let bareSeen = 0;
    for (const line of LINES) {
      const full = scanText(line, { textContext: 'text' });
      expect(full.length, line.slice(0, 80)).toBeGreaterThan(0);
      for (const from of ['warning', 'critical'] as const) {
        expectBare(full, scanText(line, { textContext: 'text', detailFrom: from }), from, true);
        expectBare(full, scanText(line, { textContext: 'text', detailFrom: from, bareFingerprints: false }), from, false);
      }
      bareSeen += full.filter((f) => f.severity === 'info').length;
    }
    // The fixture holds info findings (public keys, OAuth codes, the truncated finding) to strip.
    expect(bareSeen).toBeGreaterThanOrEqual(5);
  });
  it('holds for requests too, and `info` keeps everything', () => {
    const req = { url: `https://shop.example/pay?public_key=${PK}`, requestHeaders: [{ name: 'Referer', value: `https://other.example/?code=${TG}` }] };
    const full = scanRequest(req);
    expect(full.some((f) => f.severity === 'info')).toBe(true);
    expectBare(full, scanRequest(req, { detailFrom: 'warning', bareFingerprints: false }), 'warning', false);
    expect(scanRequest(req, { detailFrom: 'info', bareFingerprints: false })).toEqual(full);
  });
});
