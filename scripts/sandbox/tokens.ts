import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** Credential shapes as Mercado Pago issues them (see MERCADOPAGO.md). */

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** MMDDHH of the issue time (UTC), the 6-digit segment of an access token. */
export function issueStamp(nowMs: number): string {
  const d = new Date(nowMs);
  return pad2(d.getUTCMonth() + 1) + pad2(d.getUTCDate()) + pad2(d.getUTCHours());
}

export function prefixFor(liveMode: boolean): 'APP_USR' | 'TEST' {
  return liveMode ? 'APP_USR' : 'TEST';
}

/** APP_USR-<clientId>-<MMDDHH>-<32 hex>-<userId> (TEST- for test tokens). */
export function newAccessToken(clientId: string, userId: string, liveMode: boolean, nowMs: number): string {
  return `${prefixFor(liveMode)}-${clientId}-${issueStamp(nowMs)}-${hex(16)}-${userId}`;
}

/** TG-<24 hex>-<userId>: authorization codes and refresh tokens. */
export function newGrantToken(userId: string): string {
  return `TG-${hex(12)}-${userId}`;
}

/** APP_USR-<uuid v4> / TEST-<uuid v4>. */
export function newPublicKey(liveMode: boolean): string {
  return `${prefixFor(liveMode)}-${randomUUID()}`;
}

/** Opaque id for server-side state (pending authorization requests). */
export function newRequestId(): string {
  return randomBytes(18).toString('base64url');
}

export function randomState(): string {
  return randomBytes(16).toString('base64url');
}

/** RFC 7636 §4.1: 43..128 characters of [A-Za-z0-9-._~]. Challenges follow the same alphabet/length. */
export const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

export type PkceMethod = 'S256' | 'plain';

/** Accepts the RFC spelling and the docs' "Plain"; null for anything else. */
export function parsePkceMethod(raw: string): PkceMethod | null {
  if (raw === 'S256' || raw.toLowerCase() === 's256') return 'S256';
  if (raw.toLowerCase() === 'plain') return 'plain';
  return null;
}

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

export function verifyPkce(verifier: string, challenge: string, method: PkceMethod): boolean {
  return safeEqual(method === 'S256' ? s256(verifier) : verifier, challenge);
}

export { safeEqual };
