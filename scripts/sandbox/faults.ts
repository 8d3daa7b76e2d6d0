import { GRANT_TYPES, SandboxConfigError, type ActiveFault, type Fault, type FaultKind, type GrantType } from './types';

/** What the server knows about a request when it asks whether a fault applies. */
export interface FaultContext {
  path: string;
  grant?: GrantType;
  /** Token request with a form-encoded (non-JSON) body. */
  formBody?: boolean;
}

const API_PATHS = new Set(['/oauth/token', '/users/me', '/v1/payments', '/v1/payments/search']);
const AUTH_PATHS = new Set(['/authorization', '/authorization/decision']);

const FAULT_KINDS: readonly FaultKind[] = [
  'latency',
  'status',
  'rate_limit',
  'malformed_json',
  'drop_after_rotate',
  'drop',
  'tamper_state',
  'json_only',
];

/**
 * Where a fault applies when it names no `path`:
 * tamper_state → the authorization redirect; json_only / drop_after_rotate → the token endpoint;
 * everything else → the JSON API (token endpoint, /users/me, payments). HTML pages are only hit
 * when a `path` says so explicitly.
 */
function inDefaultScope(kind: FaultKind, path: string): boolean {
  switch (kind) {
    case 'tamper_state':
      return AUTH_PATHS.has(path);
    case 'json_only':
    case 'drop_after_rotate':
      return path === '/oauth/token';
    default:
      return API_PATHS.has(path);
  }
}

function matches(f: Fault, ctx: FaultContext): boolean {
  if (f.path !== undefined) {
    if (f.path !== ctx.path) return false;
  } else if (!inDefaultScope(f.kind, ctx.path)) {
    return false;
  }
  if (f.grant !== undefined && f.grant !== ctx.grant) return false;
  if (f.kind === 'json_only' && !ctx.formBody) return false;
  if (f.kind === 'drop_after_rotate' && ctx.grant !== 'refresh_token') return false;
  return true;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks a fault coming from code or from JSON; returns a clean copy. */
export function validateFault(input: unknown): Fault {
  if (!isObj(input)) throw new SandboxConfigError('invalid_fault', 'fault must be an object');
  const kind = input['kind'];
  if (typeof kind !== 'string' || !FAULT_KINDS.includes(kind as FaultKind)) {
    throw new SandboxConfigError('invalid_fault', `unknown fault kind; expected one of ${FAULT_KINDS.join(', ')}`);
  }
  const base: { times?: number | 'always'; grant?: GrantType; path?: string } = {};
  const times = input['times'];
  if (times !== undefined) {
    if (times === 'always' || times === Number.POSITIVE_INFINITY) base.times = 'always';
    else if (typeof times === 'number' && Number.isInteger(times) && times >= 1) base.times = times;
    else throw new SandboxConfigError('invalid_fault', 'times must be a positive integer or "always"');
  }
  const grant = input['grant'];
  if (grant !== undefined) {
    if (typeof grant !== 'string' || !GRANT_TYPES.includes(grant as GrantType)) {
      throw new SandboxConfigError('invalid_fault', 'grant must be authorization_code, refresh_token or client_credentials');
    }
    base.grant = grant as GrantType;
  }
  const path = input['path'];
  if (path !== undefined) {
    if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('/__sandbox')) {
      throw new SandboxConfigError('invalid_fault', 'path must start with / and may not target /__sandbox');
    }
    base.path = path;
  }
  switch (kind as FaultKind) {
    case 'latency': {
      const ms = input['ms'];
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > 120_000) {
        throw new SandboxConfigError('invalid_fault', 'latency needs ms between 0 and 120000');
      }
      return { ...base, kind: 'latency', ms };
    }
    case 'status': {
      const status = input['status'];
      if (status !== 500 && status !== 502 && status !== 503) {
        throw new SandboxConfigError('invalid_fault', 'status must be 500, 502 or 503');
      }
      return { ...base, kind: 'status', status };
    }
    case 'rate_limit': {
      const retryAfter = input['retryAfter'];
      if (typeof retryAfter !== 'number' || !Number.isInteger(retryAfter) || retryAfter < 0) {
        throw new SandboxConfigError('invalid_fault', 'rate_limit needs retryAfter (whole seconds)');
      }
      return { ...base, kind: 'rate_limit', retryAfter };
    }
    default:
      return { ...base, kind: kind as Exclude<FaultKind, 'latency' | 'status' | 'rate_limit'> };
  }
}

interface Queued {
  fault: Fault;
  remaining: number; // Infinity for 'always'
}

/** FIFO list of faults; each one is used up by the requests it hits. */
export class FaultQueue {
  private items: Queued[] = [];

  add(input: unknown): Fault {
    const fault = validateFault(input);
    const t = fault.times ?? 1;
    this.items.push({ fault, remaining: t === 'always' ? Number.POSITIVE_INFINITY : t });
    return fault;
  }

  clear(): void {
    this.items = [];
  }

  list(): ActiveFault[] {
    return this.items.map((q) => ({
      ...q.fault,
      remaining: q.remaining === Number.POSITIVE_INFINITY ? 'always' : q.remaining,
    }));
  }

  private consume(q: Queued): void {
    q.remaining -= 1;
    if (q.remaining <= 0) this.items = this.items.filter((x) => x !== q);
  }

  /** Total delay of every matching latency fault (each one used once). */
  takeLatency(ctx: FaultContext): number {
    let ms = 0;
    for (const q of [...this.items]) {
      if (q.fault.kind === 'latency' && matches(q.fault, ctx)) {
        ms += q.fault.ms;
        this.consume(q);
      }
    }
    return ms;
  }

  /** First matching fault (queue order) among `kinds`, used once; undefined if none. */
  take<K extends FaultKind>(kinds: readonly K[], ctx: FaultContext): Extract<Fault, { kind: K }> | undefined {
    for (const q of this.items) {
      if ((kinds as readonly FaultKind[]).includes(q.fault.kind) && matches(q.fault, ctx)) {
        this.consume(q);
        return q.fault as Extract<Fault, { kind: K }>;
      }
    }
    return undefined;
  }
}
