/**
 * The `TG-<24 hex>-<user id>` shape shared by OAuth authorization codes and refresh tokens. They
 * look the same; the name they travel under tells them apart (see authorization-code.ts and
 * refresh-token.ts).
 */
import { endsWithWords, isDocExample, nameWords, tooFewDistinct } from './shared';

const TG_RE = /(?<![A-Za-z0-9])TG-([0-9a-fA-F]{24})-\d{6,12}(?!\d)/g;

export function findTgTokens(value: string): string[] {
  if (value.indexOf('TG-') < 0) return [];
  const out: string[] = [];
  for (const m of value.matchAll(TG_RE)) {
    if (tooFewDistinct(m[1]!, 4) || isDocExample(m[0])) continue;
    out.push(m[0]);
  }
  return out;
}

/** A `TG-` value under this name is a refresh token (`refresh_token`, `refreshToken`, `mp_refresh`…). */
export function namesRefreshToken(param: string | null): boolean {
  if (!param) return false;
  if (endsWithWords(param, 'refresh', 'token')) return true;
  return nameWords(param).some((w) => w === 'refresh' || w === 'refreshtoken');
}
