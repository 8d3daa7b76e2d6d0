/**
 * The request/response map of the protocol. One entry per request type: `req` is what the page
 * sends, `res` what the background answers. Types only; no runtime code.
 */
export interface StatusInfo {
  version: string;
  extensionId: string;
  redirectUrl: string;
  startedAt: number;
}

export interface Api {
  status: { req: Record<string, never>; res: StatusInfo };
}
