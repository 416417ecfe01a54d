/**
 * Managing accounts from the admin: edit, reset a password, delete. Two
 * rules hold here: the blog always keeps at least one administrator, and
 * deleting someone never deletes their writing: their articles and uploads
 * are credited to the administrator who deleted them.
 */
import { z } from 'zod';
import { db, type Prisma, type User } from '#app/models/db.ts';
import { ValidationError, NotFoundError, validInput } from '#app/models/validation.ts';
import { roles, lockedPasswordHash } from '#app/models/user.ts';
import { hashPassword, passwordProblem } from '#app/models/user/password.ts';
import { announce } from '#app/models/changes.ts';

const lastAdminMessage = 'The blog needs at least one administrator: make someone else an administrator first.';

/** Every account, with what they own, by login. */
export async function listAccounts() {
  const users = await db.user.findMany({
    orderBy: { login: 'asc' },
    include: { _count: { select: { articles: true, assets: true } } },
  });
  return users.map(({ passwordHash, ...user }) => ({ ...user, locked: passwordHash === lockedPasswordHash }));
}

const profileInput = z.object({
  displayName: z.string().trim().min(1, 'Give a display name.').max(100, 'Keep the display name under 100 characters.'),
  email: z.string().trim().max(200).pipe(z.email('That email address does not look right.')),
  role: z.enum(roles, 'The role must be admin or author.'),
});
export type ProfileInput = z.input<typeof profileInput>;

/** Changes the name, email and role; refuses to demote the last administrator. */
export async function updateAccount(id: number, input: ProfileInput): Promise<User> {
  const data = validInput(profileInput, input);
  const user = await db.$transaction(async (tx) => {
    const updated = await tx.user.update({ where: { id: await existing(tx, id) }, data });
    // Checked after the write, inside the transaction, so two demotions at once cannot both pass.
    if ((await tx.user.count({ where: { role: 'admin' } })) === 0)
      throw new ValidationError({ role: lastAdminMessage });
    return updated;
  });
  await announce({ type: 'user', id });
  return user;
}

/**
 * An administrator sets a new password for someone. Their other sessions
 * end (a reset often follows a leak); `keepSession` spares the caller's own.
 */
export async function resetPassword(id: number, password: string, keepSession?: string): Promise<void> {
  const user = await db.user.findUnique({ where: { id }, select: { login: true, email: true, displayName: true } });
  const problem = passwordProblem(password, user ? [user.login, user.email, user.displayName] : []);
  if (problem) throw new ValidationError({ password: problem });
  await db.user.update({ where: { id: await existing(db, id) }, data: { passwordHash: await hashPassword(password) } });
  await endSessions(id, keepSession);
  await announce({ type: 'user', id });
}

/** What deleting this account would move to the administrator doing it. */
export async function deletionImpact(id: number) {
  const [articles, assets] = await Promise.all([
    db.article.count({ where: { authorId: id } }),
    db.asset.count({ where: { uploaderId: id } }),
  ]);
  return { articles, assets };
}

/**
 * Deletes an account. Its articles and uploads are credited to `heir` (the
 * administrator deleting it); its revisions keep no author. Nobody deletes
 * their own account, and the last administrator stays.
 */
export async function deleteAccount(id: number, heir: Pick<User, 'id'>): Promise<{ articles: number; assets: number }> {
  if (id === heir.id) throw new ValidationError({ account: 'You cannot delete your own account.' });
  const moved = await db.$transaction(async (tx) => {
    await existing(tx, id);
    const articles = await tx.article.updateMany({ where: { authorId: id }, data: { authorId: heir.id } });
    const assets = await tx.asset.updateMany({ where: { uploaderId: id }, data: { uploaderId: heir.id } });
    await tx.user.delete({ where: { id } });
    if ((await tx.user.count({ where: { role: 'admin' } })) === 0)
      throw new ValidationError({ account: lastAdminMessage });
    return { articles: articles.count, assets: assets.count };
  });
  await endSessions(id);
  await announce({ type: 'user', id });
  // Bylines changed on every page listing those articles: "all articles".
  if (moved.articles) await announce({ type: 'article', id: null });
  return moved;
}

/** Ends the sessions signed in as this user (a handful of rows: parsed, not pattern-matched). */
async function endSessions(userId: number, except?: string): Promise<void> {
  const sessions = await db.session.findMany({ select: { sid: true, data: true } });
  const theirs = sessions.filter((s) => s.sid !== except && sessionUserId(s.data) === userId).map((s) => s.sid);
  if (theirs.length) await db.session.deleteMany({ where: { sid: { in: theirs } } });
}

function sessionUserId(data: string): unknown {
  try {
    return (JSON.parse(data) as { userId?: unknown }).userId;
  } catch {
    return undefined;
  }
}

async function existing(client: Prisma.TransactionClient, id: number): Promise<number> {
  const user = await client.user.findUnique({ where: { id }, select: { id: true } });
  if (!user) throw new NotFoundError('That user');
  return user.id;
}
