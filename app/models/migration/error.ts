/** A refusal or a failure the operator can act on: its message says what happened and what to do. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}
