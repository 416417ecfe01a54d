/** The article page: shared by GET and by a comment POST that must show the form again. */
import type { Request, Response } from 'express';
import { approvedComments, type ArticleLink, type ReadableArticle } from '#app/models/article/reading.ts';
import { commentsClosedReason } from '#app/models/comment.ts';
import { currentSettings } from '#app/models/settings.ts';
import { presentArticlePage } from '#app/presenters/article-page.ts';
import type { CommentFormState } from '#app/presenters/comment-form.ts';
import { newest } from '#app/models/changes.ts';
import { feedLinks } from '#app/presenters/site.ts';
import { renderPage } from '#app/themes/page.ts';
import { pageUses, listKey } from '#app/page-cache/index.ts';

export async function renderArticle(
  req: Request,
  res: Response,
  article: ReadableArticle,
  neighbours: { previous: ArticleLink | null; next: ArticleLink | null },
  form: CommentFormState = {},
  status = 200,
): Promise<void> {
  const [comments, settings] = await Promise.all([approvedComments(article.id), currentSettings()]);
  const closedReason = commentsClosedReason(article, settings);
  const notice = req.query.comment === 'held' ? 'Thank you! Your comment is awaiting moderation.' : null;
  const data = presentArticlePage(article, comments, {
    closedReason,
    neighbours,
    notice,
    form,
    offerReplies: settings.replySubscriptions,
  });
  const uses = pageUses(res)
    .articles([article])
    .comments(comments)
    .add(listKey.commentsOf(article.id), listKey.neighboursOf(article.id));
  // The form carries no token (the preview step issues one), so the page ages only when comments close after N days.
  if (!closedReason && settings.commentsCloseAfterDays > 0 && article.publishedAt)
    uses.validUntil(article.publishedAt.getTime() + settings.commentsCloseAfterDays * 86_400_000);
  await renderPage(req, res, 'article', data, {
    status,
    title: article.title,
    preview: { kind: 'article', article: data.article },
    feeds: feedLinks(data.article.url, `Comments on “${article.title}”`),
    lastModified: status === 200 ? newest([article.updatedAt, ...comments.map((c) => c.updatedAt)]) : undefined,
  });
}
