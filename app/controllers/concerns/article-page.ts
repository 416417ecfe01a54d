/** The article page: shared by GET and by a comment POST that must show the form again. */
import type { Request, Response } from 'express';
import { approvedComments, type ReadableArticle } from '#app/models/article/reading.ts';
import { commentsClosedReason } from '#app/models/comment.ts';
import { currentSettings } from '#app/models/settings.ts';
import { newest } from '#app/models/changes.ts';
import { presentArticle, presentLink } from '#app/presenters/article.ts';
import { presentComment } from '#app/presenters/comment.ts';
import { feedLinks } from '#app/presenters/site.ts';
import { plainText } from '#app/text-filters/index.ts';
import { renderPage } from '#app/themes/page.ts';
import { pageUses, listKey } from '#app/page-cache/index.ts';
import { commentFormView, type CommentFormState } from '#app/controllers/concerns/comment-form.ts';

type Neighbours = { previous: Parameters<typeof presentLink>[0]; next: Parameters<typeof presentLink>[0] };

export async function renderArticle(
  req: Request,
  res: Response,
  article: ReadableArticle,
  around: Neighbours | null,
  form: CommentFormState = {},
  status = 200,
): Promise<void> {
  const [comments, settings] = await Promise.all([approvedComments(article.id), currentSettings()]);
  const view = presentArticle(article);
  const closed = commentsClosedReason(article, settings);
  const notice = req.query.comment === 'held' ? 'Thank you! Your comment is awaiting moderation.' : null;
  const uses = pageUses(res)
    .articles([article])
    .comments(comments)
    .add(listKey.commentsOf(article.id), listKey.neighboursOf(article.id));
  // The form carries no token (the preview step issues one), so the page ages only when comments close after N days.
  if (!closed && settings.commentsCloseAfterDays > 0 && article.publishedAt)
    uses.validUntil(article.publishedAt.getTime() + settings.commentsCloseAfterDays * 86_400_000);
  await renderPage(
    req,
    res,
    'article',
    {
      article: view,
      comments: comments.map(presentComment),
      neighbours: around
        ? { previous: presentLink(around.previous), next: presentLink(around.next) }
        : { previous: null, next: null },
      notice,
      commentForm: commentFormView(view.url, form, { closedReason: closed }),
    },
    {
      status,
      title: article.title,
      description: plainText(article.excerptHtml || article.bodyHtml, 200),
      feeds: feedLinks(view.url, `Comments on “${article.title}”`),
      lastModified: status === 200 ? newest([article.updatedAt, ...comments.map((c) => c.updatedAt)]) : undefined,
    },
  );
}
