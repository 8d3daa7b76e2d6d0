/**
 * Non-secret metadata that travels inside the encrypted backup next to the vault's records
 * (applications, linked accounts). Each feature registers one part: `export` returns
 * `meta:<kind>:<id>` records; `plan` validates incoming ones and stages a merge; `commit`
 * writes what `plan` staged. Nothing is written until every part has planned.
 */
export interface BackupPart {
  export(): Promise<Record<string, unknown>>;
  plan(meta: Record<string, unknown>): Promise<{ added: number; replaced: number; kept: number; secrets: [string, Record<string, unknown>][] }>;
  commit(): Promise<void>;
}

export const backupParts: BackupPart[] = [];
