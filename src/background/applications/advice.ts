/**
 * What Mercado Pago's error advice may say about an application, and OAuth errors turned into
 * coded errors with that advice.
 */
import { errorAdvice, isOAuthError, type AdviceContext, type OAuthGrant } from '../../core/oauth';
import { CodedError } from '../infra';

/** What the advice may mention about this application: only endpoints it really has. */
export function adviceContext(app: { endpoints?: { authorization?: string; token?: string; api?: string } }): AdviceContext {
  const e = app.endpoints ?? {};
  return { customEndpoints: !!(e.authorization || e.token || e.api), customAuthorization: !!e.authorization };
}

export function coded(e: unknown, grant: OAuthGrant, ctx: AdviceContext = {}): never {
  if (isOAuthError(e)) throw new CodedError(e.code, { ...e.params, advice: errorAdvice(e.code, grant, ctx) });
  throw e;
}
