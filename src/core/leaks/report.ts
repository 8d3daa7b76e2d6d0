/**
 * Report formats for findings: JSON lines, SARIF 2.1.0 and plain text. Pure (no Node, no DOM):
 * the CLI prints them and the DevTools panel exports them.
 */
import type { Finding, FindingKind, Severity } from './types';
import {
  ACCESS_TOKEN_IN_PUBLIC_KEY_SLOT_RULE_ID,
  ACCESS_TOKEN_RULE_ID,
  AUTHORIZATION_CODE_RULE_ID,
  BEARER_TOKEN_RULE_ID,
  CLIENT_SECRET_RULE_ID,
  PUBLIC_KEY_RULE_ID,
  REFRESH_TOKEN_RULE_ID,
  TRUNCATED_RULE_ID,
} from './rule-ids';

/** Where a finding was read: 1-based line of text input, or 0-based HAR entry index. */
export type Where = { line: number } | { entry: number };

export interface ReportItem {
  finding: Finding;
  where?: Where;
}

export interface JsonReport {
  severity: Severity;
  kind: FindingKind;
  rule: string;
  location: Finding['location'];
  param: string | null;
  masked: string;
  fingerprint: string;
  userId: string | null;
  url: string;
  fix: string;
  fixId: string;
  line?: number;
  entry?: number;
}

/** The object printed for one finding by `--format json`. */
export function toJsonObject(finding: Finding, where?: Where): JsonReport {
  const out: JsonReport = {
    severity: finding.severity,
    kind: finding.kind,
    rule: finding.rule,
    location: finding.location,
    param: finding.param,
    masked: finding.masked,
    fingerprint: finding.fingerprint,
    userId: finding.userId,
    url: finding.url,
    fix: finding.fix,
    fixId: finding.fixId,
  };
  if (where && 'line' in where) out.line = where.line;
  if (where && 'entry' in where) out.entry = where.entry;
  return out;
}

/** One line of JSON (no trailing newline) for one finding. */
export function toJsonLine(finding: Finding, where?: Where): string {
  return JSON.stringify(toJsonObject(finding, where));
}

const KIND_LABEL: Readonly<Record<FindingKind, string>> = {
  access_token: 'Mercado Pago access token',
  public_key: 'Mercado Pago public key',
  authorization_code: 'OAuth authorization code',
  refresh_token: 'Mercado Pago refresh token',
  client_secret: 'Client secret',
  bearer_token: 'Bearer token',
  truncated: 'Not fully scanned',
};

function whereLabel(where?: Where): string {
  if (!where) return '';
  return 'line' in where ? `line ${where.line}` : `entry ${where.entry}`;
}

/** A human-readable block (3 lines) for one finding. */
export function toText(finding: Finding, where?: Where): string {
  const at = whereLabel(where);
  const param = finding.param ? ` (${finding.param})` : '';
  return (
    `${at ? `${at}: ` : ''}${finding.severity.toUpperCase()} ${KIND_LABEL[finding.kind]} in ${finding.location}${param}: ${finding.masked}\n` +
    `  ${finding.url}\n` +
    `  fix: ${finding.fix}`
  );
}

interface RuleInfo {
  id: string;
  name: string;
  short: string;
  full: string;
  level: SarifLevel;
}

type SarifLevel = 'error' | 'warning' | 'note';

/** Every rule the engine reports, in a fixed order so SARIF rule indexes are stable. */
export const RULE_INFO: readonly RuleInfo[] = [
  {
    id: ACCESS_TOKEN_RULE_ID,
    name: 'MercadoPagoAccessTokenExposed',
    short: 'Mercado Pago access token where it should not be',
    full: 'A Mercado Pago access token (private key, APP_USR-/TEST-) in a URL, a Referer, a request body, a frontend Authorization header or text. It belongs on the backend only, in the Authorization: Bearer header.',
    level: 'error',
  },
  {
    id: ACCESS_TOKEN_IN_PUBLIC_KEY_SLOT_RULE_ID,
    name: 'MercadoPagoAccessTokenAsPublicKey',
    short: 'Mercado Pago access token used as the public key',
    full: 'A Mercado Pago access token was put where the public key belongs (public_key), which exposes the private credential in frontend code.',
    level: 'error',
  },
  {
    id: PUBLIC_KEY_RULE_ID,
    name: 'MercadoPagoPublicKey',
    short: 'Mercado Pago public key',
    full: 'A Mercado Pago public key (APP_USR-/TEST- followed by a UUID). Public keys are meant for frontend code; reported for information.',
    level: 'note',
  },
  {
    id: AUTHORIZATION_CODE_RULE_ID,
    name: 'MercadoPagoAuthorizationCode',
    short: 'OAuth authorization code',
    full: 'A Mercado Pago OAuth authorization code (TG-). Expected in the redirect URL; a problem when it reaches another site through the Referer header.',
    level: 'warning',
  },
  {
    id: REFRESH_TOKEN_RULE_ID,
    name: 'MercadoPagoRefreshTokenExposed',
    short: 'Mercado Pago refresh token outside the backend',
    full: 'A Mercado Pago refresh token (TG- under a refresh_token name). Refresh tokens must stay on the backend.',
    level: 'error',
  },
  {
    id: CLIENT_SECRET_RULE_ID,
    name: 'ClientSecretExposed',
    short: 'Client secret outside the backend',
    full: 'A client secret (32 letters and digits under a client_secret name). It must stay on the backend.',
    level: 'error',
  },
  {
    id: BEARER_TOKEN_RULE_ID,
    name: 'BearerTokenInUrl',
    short: 'Bearer token in a URL or request',
    full: 'A bearer token under access_token, refresh_token, id_token or client_secret. In a URL it is kept by history, logs and Referer headers.',
    level: 'warning',
  },
  {
    id: TRUNCATED_RULE_ID,
    name: 'InputNotFullyScanned',
    short: 'Request or line not fully scanned',
    full: 'The request or line exceeds the scanner\'s limits (64 KiB of URL, body or line, 256 parameters, 64 path segments, or its work budget), and what follows the cut may hold a credential. Reported for information; the displayed text ends where the scan stopped.',
    level: 'note',
  },
];

const LEVEL: Readonly<Record<Severity, SarifLevel>> = { critical: 'error', warning: 'warning', info: 'note' };
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.0', warning: '5.0', info: '2.0' };

export interface SarifOptions {
  /** URI of the scanned artifact (relative path with `/`, or `stdin`). Default `stdin`. */
  artifactUri?: string;
  toolName?: string;
  toolVersion?: string;
}

/** A SARIF 2.1.0 log, loosely typed (only the members this module writes). */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: Record<string, unknown> };
    artifacts: { location: { uri: string } }[];
    results: Record<string, unknown>[];
    columnKind: 'utf16CodeUnits';
  }[];
}

function isItem(x: Finding | ReportItem): x is ReportItem {
  return typeof (x as ReportItem).finding === 'object' && (x as ReportItem).finding !== null;
}

/**
 * SARIF 2.1.0 for code-scanning tools. Text input: the result's region is the line. HAR input: the
 * entry index is a logical location (`log.entries[N]`) and a result property, with region line 1
 * (HAR files are parsed whole, so source lines of entries are not tracked).
 */
export function toSarif(items: readonly (Finding | ReportItem)[], opts: SarifOptions = {}): SarifLog {
  const uri = opts.artifactUri ?? 'stdin';
  const ruleIndex = new Map(RULE_INFO.map((r, i) => [r.id, i]));
  const results = items.map((x) => {
    const { finding, where } = isItem(x) ? x : { finding: x, where: undefined };
    const idx = ruleIndex.get(finding.rule);
    const region = { startLine: where && 'line' in where ? where.line : 1 };
    const location: Record<string, unknown> = { physicalLocation: { artifactLocation: { uri, index: 0 }, region } };
    if (where && 'entry' in where) {
      location.logicalLocations = [
        { name: `entries[${where.entry}]`, fullyQualifiedName: `log.entries[${where.entry}]`, kind: 'element' },
      ];
    }
    const param = finding.param ? ` (${finding.param})` : '';
    const result: Record<string, unknown> = {
      ruleId: finding.rule,
      level: LEVEL[finding.severity],
      message: {
        text: `${KIND_LABEL[finding.kind]} in ${finding.location}${param}: ${finding.masked}. ${finding.fix}`,
      },
      locations: [location],
      partialFingerprints: { 'mpCredential/v1': `${finding.fingerprint}:${finding.location}` },
      properties: {
        severity: finding.severity,
        'security-severity': SECURITY_SEVERITY[finding.severity],
        kind: finding.kind,
        location: finding.location,
        param: finding.param,
        masked: finding.masked,
        fingerprint: finding.fingerprint,
        userId: finding.userId,
        url: finding.url,
        fixId: finding.fixId,
        ...(where && 'entry' in where ? { entry: where.entry } : {}),
        ...(where && 'line' in where ? { line: where.line } : {}),
      },
    };
    if (idx !== undefined) result.ruleIndex = idx;
    return result;
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: opts.toolName ?? 'mp-credential-hygiene-scan',
            version: opts.toolVersion ?? '0.1.0',
            informationUri: 'https://www.mercadopago.com/developers',
            rules: RULE_INFO.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.short },
              fullDescription: { text: r.full },
              help: { text: r.full },
              defaultConfiguration: { level: r.level },
              properties: { tags: ['security', 'secret', 'mercado-pago'], precision: 'high' },
            })),
          },
        },
        artifacts: [{ location: { uri } }],
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}
