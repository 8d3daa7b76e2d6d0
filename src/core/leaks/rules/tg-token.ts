/**
 * The `TG-<24 hex>-<user id>` shape shared by OAuth authorization codes and refresh tokens. They
 * look the same; the name they travel under tells them apart (see authorization-code.ts and
 * refresh-token.ts).
 */
import { NO_STRINGS, isDocExample, nameWords, tooFewDistinct, wordsEndWith } from './shared';

const REFRESH_TOKEN_WORDS: readonly string[] = ['refresh', 'token'];

// Used only with String.prototype.match, which leaves `lastIndex` at 0: no state survives a call.
const TG_RE = /(?<![A-Za-z0-9])TG-[0-9a-fA-F]{24}-\d{6,12}(?!\d)/g;

export function findTgTokens(value: string): readonly string[] {
  if (value.indexOf('TG-') < 0) return NO_STRINGS;
  const found = value.match(TG_RE);
  if (found === null) return NO_STRINGS;
  return found.filter((t) => !tooFewDistinct(t.slice(3, 27), 4) && !isDocExample(t));
}

/** A `TG-` value under this name is a refresh token (`refresh_token`, `refreshToken`, `mp_refresh`…). */
export function namesRefreshToken(param: string | null): boolean {
  if (!param) return false;
  // endsWithWords(param, 'refresh', 'token'), on words split once.
  const ws = nameWords(param);
  if (wordsEndWith(ws, REFRESH_TOKEN_WORDS)) return true;
  return ws.some((w) => w === 'refresh' || w === 'refreshtoken');
}
