/** A rule broken by user input: controllers answer 422 and show `fields` inline. */
export class ValidationError extends Error {
  constructor(readonly fields: Record<string, string>) {
    super(Object.values(fields).join(' '));
    this.name = 'ValidationError';
  }
}

/** The record asked for does not exist (or is not visible to the asker). */
export class NotFoundError extends Error {
  constructor(what = 'That page') {
    super(`${what} could not be found.`);
    this.name = 'NotFoundError';
  }
}
