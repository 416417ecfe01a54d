/** A backup or restore that cannot go on, for a reason the operator can fix: printed without a stack trace, exit 1. */
export class BackupError extends Error {
  override name = 'BackupError';
}
