/** The recipe's `backup` section, resolved: where `deploy -- backup` copies to, and how many runs it keeps. */
import type { ParsedBackup } from '#deploy/recipe-schema.ts';

/** The backup host (`backup` in the recipe, or the stage's). */
export interface BackupConfig {
  /** `backup.example.com` or `backup.example.com:2222`: for messages. */
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly user: string | undefined;
  /** Absolute, without a trailing slash. */
  readonly path: string;
  readonly keep: number;
  readonly transport: 'ssh' | 'local';
}

/** Backups are kept this many runs unless the recipe says otherwise. */
export const defaultBackupKeep = 7;

export function backupConfig(spec: ParsedBackup | undefined): BackupConfig | undefined {
  if (!spec) return undefined;
  const port = spec.port ?? 22;
  return Object.freeze({
    name: port === 22 ? spec.host : `${spec.host}:${port}`,
    host: spec.host,
    port,
    user: spec.user,
    path: spec.path.replace(/\/+$/, ''),
    keep: spec.keep ?? defaultBackupKeep,
    transport: spec.transport ?? 'ssh',
  });
}
