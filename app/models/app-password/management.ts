/**
 * Making, listing and revoking application passwords. A password made in
 * the admin has every Micropub scope (scope ""); a token an IndieAuth client
 * redeemed is a row here too, with its client's id and the granted scope,
 * so the author sees and revokes both in one list.
 */
import { db, type Prisma } from '#app/models/db.ts';
import { ValidationError } from '#app/models/validation.ts';
import { generateSecret, hashSecret, prefixOf } from '#app/models/app-password/secret.ts';

/** A row as the admin lists it: never the hash. */
export type ListedAppPassword = Prisma.AppPasswordGetPayload<{ omit: { secretHash: true } }>;

/** A new row and its secret, which exists only in this answer: it is shown once and never stored. */
export interface IssuedSecret {
  record: ListedAppPassword;
  secret: string;
}

const maxNameLength = 100;

/** A password named by its owner ("MarsEdit on the laptop"). */
export async function createAppPassword(userId: number, name: string): Promise<IssuedSecret> {
  const trimmed = name.trim();
  if (!trimmed) throw new ValidationError({ name: 'Give the password a name, such as the app it is for.' });
  if (trimmed.length > maxNameLength)
    throw new ValidationError({ name: `Keep the name under ${maxNameLength} characters.` });
  return issue({ userId, name: trimmed, clientId: '', scope: '' });
}

/** The access token an IndieAuth client gets for its code; named after the client's host. */
export function issueClientToken(userId: number, clientId: string, scope: string): Promise<IssuedSecret> {
  let name = clientId;
  try {
    name = new URL(clientId).host;
  } catch {
    // A client id is checked as a URL before it gets here; the raw id is a fine name otherwise.
  }
  return issue({ userId, name: name.slice(0, maxNameLength), clientId, scope });
}

/** The user's own passwords and tokens, newest first. */
export function listAppPasswords(userId: number): Promise<ListedAppPassword[]> {
  return db.appPassword.findMany({
    where: { userId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    omit: { secretHash: true },
  });
}

/** Revokes one of the user's own passwords: the row, if it was theirs, else null. */
export async function revokeAppPassword(id: number, userId: number): Promise<ListedAppPassword | null> {
  const row = await db.appPassword.findFirst({ where: { id, userId }, omit: { secretHash: true } });
  if (!row) return null;
  await db.appPassword.deleteMany({ where: { id, userId } });
  return row;
}

/** Revokes whatever password or token this secret is (OAuth revocation: holding it is the authority). */
export async function revokeBySecret(secret: string): Promise<void> {
  await db.appPassword.deleteMany({ where: { secretHash: hashSecret(secret) } });
}

async function issue(data: { userId: number; name: string; clientId: string; scope: string }): Promise<IssuedSecret> {
  const secret = generateSecret();
  const record = await db.appPassword.create({
    data: { ...data, secretHash: hashSecret(secret), prefix: prefixOf(secret) },
    omit: { secretHash: true },
  });
  return { record, secret };
}
