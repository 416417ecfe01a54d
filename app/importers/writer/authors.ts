/**
 * Authors: --author-map first (old login → Folio login), else the Folio
 * user with that login, else a new author who cannot sign in until a
 * password is set (listed in the report).
 */
import type { Prisma } from '#app/models/db.ts';
import type { ImportedAuthor } from '#app/importers/records.ts';
import { ImportOptionsError } from '#app/importers/source.ts';
import { lockedPasswordHash, normalizeLogin } from '#app/models/user.ts';
import { count } from '#app/importers/report.ts';
import { digestOf, remember } from '#app/importers/writer/identity.ts';
import { note, type WriterContext } from '#app/importers/writer/context.ts';
import { addRedirects } from '#app/importers/writer/redirects.ts';

/** Every --author-map target must be a Folio login: checked before anything is written. */
export async function checkAuthorMap(tx: Prisma.TransactionClient, authorMap: ReadonlyMap<string, string>) {
  for (const [from, to] of authorMap) {
    if (!(await tx.user.findUnique({ where: { login: normalizeLogin(to) }, select: { id: true } })))
      throw new ImportOptionsError(`--author-map ${from}=${to}: there is no Folio user "${to}"`);
  }
}

export async function writeAuthor(context: WriterContext, author: ImportedAuthor): Promise<void> {
  const { tx, options, report } = context;
  const mapped = options.authorMap.get(author.login) ?? options.authorMap.get(normalizeLogin(author.login));
  const login = mapped ? normalizeLogin(mapped) : folioLogin(author.login, author.key);
  const existing = await tx.user.findUnique({ where: { login }, select: { id: true } });
  let id: number;
  if (existing) {
    id = existing.id;
    count(report, 'author', 'unchanged');
    if (!context.imported.has(author.key))
      note(context, { key: author.key, what: 'author', title: author.displayName, message: `written by ${login}` });
  } else {
    const created = await tx.user.create({
      data: {
        login,
        displayName: (author.displayName.trim() || login).slice(0, 100),
        email: author.email.trim().slice(0, 200),
        role: 'author',
        passwordHash: lockedPasswordHash,
      },
    });
    id = created.id;
    count(report, 'author', 'created');
    report.createdAuthors.push({ login, displayName: created.displayName });
  }
  await remember(context, author.key, 'user', id, digestOf(author));
  context.authors.set(author.key, id);
  await addRedirects(context, author, { targetType: 'author', targetId: id });
}

/** The author of an article whose author the source did not name: the blog's first admin. */
export async function fallbackAuthor(context: WriterContext): Promise<number> {
  if (context.fallbackAuthorId !== undefined) return context.fallbackAuthorId;
  const admin = await context.tx.user.findFirst({
    where: { role: 'admin' },
    orderBy: { id: 'asc' },
    select: { id: true },
  });
  if (!admin) throw new Error('the blog has no administrator to credit unattributed items to: create one first');
  return (context.fallbackAuthorId = admin.id);
}

/** A login Folio accepts (letters, digits, dots, dashes, underscores; 2 to 40): "John Doe" → "john-doe". */
function folioLogin(login: string, key: string): string {
  const cleaned = normalizeLogin(login)
    .normalize('NFKD')
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '')
    .slice(0, 40);
  return cleaned.length >= 2 ? cleaned : `author-${digestOf(key).slice(0, 8)}`;
}
