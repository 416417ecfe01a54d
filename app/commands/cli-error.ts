/** A usage or input error: printed without a stack trace, exit status 1. */
export class CliError extends Error {
  override name = 'CliError';
}
