/**
 * ScanOptions.detailFrom and fingerprints (what the scan CLI asks for below its --report level,
 * and for text output): the same findings, in the same order, with the same fields, except that
 * those below the level carry no displayed text, and those ScanOptions.fingerprints leaves out no
 * fingerprint.
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

type Fingerprints = 'all' | 'shown' | 'none';

function expectBare(full: Finding[], bare: Finding[], from: 'info' | 'warning' | 'critical', fingerprints: Fingerprints): void {
  expect(bare.length).toBe(full.length);
  full.forEach((f, i) => {
    const shown = SEVERITY_RANK[f.severity] >= SEVERITY_RANK[from];
    // The truncated finding's fingerprint is a constant that names no credential: it stays.
    const keepsFp = fingerprints === 'all' || (fingerprints === 'shown' && shown) || f.kind === 'truncated';
    const fingerprint = keepsFp ? f.fingerprint : '';
    expect(bare[i]).toEqual(shown ? { ...f, fingerprint } : { ...f, url: '', masked: '\u2026', fingerprint });
  });
}

describe('findings below ScanOptions.detailFrom', () => {
  it('are the same findings, without displayed text (and fingerprint, as asked)', () => {
    let bareSeen = 0;
    for (const line of LINES) {
      const full = scanText(line, { textContext: 'text' });
      expect(full.length, line.slice(0, 80)).toBeGreaterThan(0);
      for (const from of ['warning', 'critical'] as const) {
        expectBare(full, scanText(line, { textContext: 'text', detailFrom: from }), from, 'all');
        for (const fingerprints of ['all', 'shown', 'none'] as const) {
          expectBare(full, scanText(line, { textContext: 'text', detailFrom: from, fingerprints }), from, fingerprints);
        }
      }
      for (const fingerprints of ['all', 'shown', 'none'] as const) {
        expectBare(full, scanText(line, { textContext: 'text', fingerprints }), 'info', fingerprints);
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
    expectBare(full, scanRequest(req, { detailFrom: 'warning', fingerprints: 'shown' }), 'warning', 'shown');
    expectBare(full, scanRequest(req, { detailFrom: 'warning', fingerprints: 'none' }), 'warning', 'none');
    expect(scanRequest(req, { detailFrom: 'info', fingerprints: 'shown' })).toEqual(full);
  });
});
