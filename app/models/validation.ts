import type { z } from 'zod';

/** A rule broken by user input: controllers answer 422 and show `fields` inline. */
export class ValidationError extends Error {
  constructor(readonly fields: Record<string, string>) {
    super(Object.values(fields).join(' '));
    this.name = 'ValidationError';
  }
}

/** The input as `schema` parses it, or a ValidationError naming each field it refuses. */
export function validInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
  return parsed.data;
}

/** Zod's complaints as a ValidationError's fields: one message per top-level field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  return Object.fromEntries(error.issues.map((i) => [String(i.path[0]), i.message]));
}

/** The record asked for does not exist (or is not visible to the asker). */
export class NotFoundError extends Error {
  constructor(what = 'That page') {
    super(`${what} could not be found.`);
    this.name = 'NotFoundError';
  }
}

/**
 * Whether a write failed on a unique key (Prisma's P2002): another write took
 * the value between our check and this write.
 */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002';
}

/** Runs a write; losing a unique key to another write is the user's error on `fields`, like a clash our check saw. */
export async function rejectDuplicate<T>(write: Promise<T>, fields: Record<string, string>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError(fields);
    throw error;
  }
}
