/**
 * The `TG-<24 hex>-<user id>` shape shared by OAuth authorization codes and refresh tokens. They
 * look the same; the name they travel under tells them apart (see authorization-code.ts and
 * refresh-token.ts).
 */
import { NO_STRINGS, isDocExample, nameWords, tooFewDistinct, wordsEndWith } from './shared';

const REFRESH_TOKEN_WORDS: readonly string[] = ['refresh', 'token'];

// Used only with String.prototype.match, which leaves `lastIndex` at 0: no state survives a call.
const TG_RE = /(?<![A-Za-z0-9])TG-[0-9a-fA-F]{24}-\d{6,12}(?!\d)/g;
/** The whole value is one token: then TG_RE's only match is the value itself. */
const WHOLE_TG_RE = /^TG-[0-9a-fA-F]{24}-\d{6,12}$/;

export function findTgTokens(value: string): readonly string[] {
  if (value.indexOf('TG-') < 0) return NO_STRINGS;
  const found = WHOLE_TG_RE.test(value) ? [value] : value.match(TG_RE);
  if (found === null) return NO_STRINGS;
  return found.filter((t) => !tooFewDistinct(t.slice(3, 27), 4) && !isDocExample(t));
}

/** A `TG-` value under this name is a refresh token (`refresh_token`, `refreshToken`, `mp_refresh`…). */
/** The last name asked about and its answer: both TG- rules ask about the same value's name. */
let lastParam = '';
let lastAnswer = false;

export function namesRefreshToken(param: string | null): boolean {
  if (!param) return false;
  if (param === lastParam) return lastAnswer;
  // endsWithWords(param, 'refresh', 'token'), on words split once.
  const ws = nameWords(param);
  const answer = wordsEndWith(ws, REFRESH_TOKEN_WORDS) || ws.some((w) => w === 'refresh' || w === 'refreshtoken');
  lastParam = param;
  lastAnswer = answer;
  return answer;
}
