/**
 * Autosave: what the editor is typing, kept on the server every few
 * seconds as one "autosave" revision per article and user, replaced each
 * time. It never changes the article itself (a live article must not show
 * half-typed text); an explicit save retires it.
 */
import { db, type Article } from '#app/models/db.ts';
import { saveArticle } from '#app/models/article.ts';
import { currentSettings } from '#app/models/settings.ts';
import { ValidationError } from '#app/models/validation.ts';
import { isTextFilterName } from '#app/text-filters/index.ts';
import { articleInputFor, type ArticleEdit, type Editor } from '#app/models/article/editing.ts';
import type { Revision, RevisionText } from '#app/models/article/revisions.ts';

/** Generous limits: an autosave is a safety net, so it refuses only the absurd. */
const limits = { title: 10_000, excerpt: 100_000, bodySource: 1_000_000 } as const;

type TypedText = Pick<ArticleEdit, 'title' | 'excerpt' | 'body' | 'textFilter'>;

/** Replaces this user's autosave of the article with `text`. */
export async function autosave(
  articleId: number,
  authorId: number,
  text: TypedText,
): Promise<Pick<Revision, 'id' | 'createdAt'>> {
  const data = { articleId, authorId, kind: 'autosave', ...revisionText(text) };
  return db.$transaction(async (tx) => {
    await tx.revision.deleteMany({ where: { articleId, authorId, kind: 'autosave' } });
    return tx.revision.create({ data, select: { id: true, createdAt: true } });
  });
}

/**
 * The first autosave of a new article: creates it as a draft (titled
 * "Untitled draft" until it has a title) with the autosave beside it.
 */
export async function startDraft(
  edit: ArticleEdit,
  editor: Editor,
  now = new Date(),
): Promise<{ article: Article; autosavedAt: Date }> {
  const text = revisionText(edit);
  const input = articleInputFor(
    { ...edit, title: edit.title.trim() || 'Untitled draft' },
    'draft',
    null,
    now,
    (await currentSettings()).timeZone,
  );
  let autosavedAt = now;
  const article = await saveArticle(input, editor.id, undefined, now, async (tx, created) => {
    autosavedAt = (
      await tx.revision.create({ data: { articleId: created.id, authorId: editor.id, kind: 'autosave', ...text } })
    ).createdAt;
  });
  return { article, autosavedAt };
}

/** This user's autosave of the article, if any. */
export function findAutosave(articleId: number, authorId: number) {
  return db.revision.findFirst({ where: { articleId, authorId, kind: 'autosave' }, orderBy: { id: 'desc' } });
}

/** The typed text as a revision's fields, within the limits. */
export function revisionText(text: TypedText): RevisionText {
  const result = {
    title: text.title,
    excerpt: text.excerpt,
    bodySource: text.body,
    textFilter: isTextFilterName(text.textFilter) ? text.textFilter : 'markdown',
  };
  const tooLong = (Object.keys(limits) as (keyof typeof limits)[]).filter(
    (field) => result[field].length > limits[field],
  );
  if (tooLong.length)
    throw new ValidationError(
      Object.fromEntries(
        tooLong.map((field) => [
          field === 'bodySource' ? 'body' : field,
          `Too long to autosave (over ${limits[field].toLocaleString('en')} characters).`,
        ]),
      ),
    );
  return result;
}
