/** People who write: admins run everything, authors their own articles. */
import { z } from 'zod';
import { db, database, type User } from '#app/models/db.ts';
import { ValidationError, fieldErrors } from '#app/models/validation.ts';
import {
  hashPassword,
  verifyPassword,
  needsRehash,
  passwordProblem,
  unmatchableHash,
} from '#app/models/user/password.ts';

export const roles = ['admin', 'author'] as const;
export type Role = (typeof roles)[number];

/** A login as stored and looked up: sign-in, its throttle and account creation all go through this. */
export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}

/** A password hash no password matches: for accounts that cannot sign in. */
export const lockedPasswordHash = '!locked';

/** An author by login, as reader pages show one (never the email or hash). */
export function findAuthor(login: string): Promise<Pick<User, 'id' | 'login' | 'displayName'> | null> {
  return database().lookups.author(login);
}

const accountInput = z.object({
  login: z
    .string()
    .trim()
    .min(2, 'The login needs at least 2 characters.')
    .max(40)
    .regex(/^[a-z0-9][a-z0-9_.-]*$/i, 'Use letters, digits, dots, dashes and underscores for the login.'),
  displayName: z.string().trim().max(100).optional(),
  email: z.string().trim().max(200).pipe(z.email('That email address does not look right.')),
  role: z.enum(roles, 'The role must be admin or author.'),
  password: z.string(),
});
export type AccountInput = z.input<typeof accountInput>;

/** Creates an account; the password is checked and hashed here, never stored. */
export async function createAccount(input: AccountInput): Promise<User> {
  const parsed = accountInput.safeParse(input);
  const fields: Record<string, string> = parsed.success ? {} : fieldErrors(parsed.error);
  const weak = passwordProblem(input.password ?? '', [input.login, input.email, input.displayName ?? '']);
  if (weak) fields.password = weak;
  if (!parsed.success || weak) throw new ValidationError(fields);
  const login = normalizeLogin(parsed.data.login);
  if (await db.user.findUnique({ where: { login }, select: { id: true } }))
    throw new ValidationError({ login: `The login "${login}" is taken.` });
  return db.user.create({
    data: {
      login,
      displayName: parsed.data.displayName || login,
      email: parsed.data.email,
      role: parsed.data.role,
      passwordHash: await hashPassword(parsed.data.password),
    },
  });
}

/**
 * The user whose login and password these are, or null (one answer for
 * every failure). A hash made at an older, lower cost is made again now,
 * while the password is at hand.
 */
export async function authenticate(login: string, password: string): Promise<User | null> {
  const user = await db.user.findUnique({ where: { login: normalizeLogin(login) } });
  // Verify against a throwaway hash when there is no such user, so timing does not tell.
  const ok = await verifyPassword(password, user?.passwordHash ?? unmatchableHash());
  if (!ok || !user) return null;
  if (needsRehash(user.passwordHash)) {
    const passwordHash = await hashPassword(password);
    // Only if unchanged meanwhile: a reset made during this sign-in wins.
    await db.user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash } });
    return { ...user, passwordHash };
  }
  return user;
}

export function countAdmins(): Promise<number> {
  return db.user.count({ where: { role: 'admin' } });
}

export function findUser(id: number) {
  return db.user.findUnique({ where: { id } });
}
