/**
 * What the sweeper and the schedule read from the blog's database, through
 * the boundary's `cacheFacts` (app/database/): every worker runs the
 * schedule, and on SQLite one that only serves readers never loads the ORM.
 */
import { database } from '#app/models/db.ts';
import type { ArticleFacts } from '#app/page-cache/footprint.ts';

export function articleFacts(ids: readonly number[]): Promise<ArticleFacts[]> {
  return database().cacheFacts.articleFacts(ids);
}

/** Every article (for "all articles changed"). */
export async function allArticleFacts(): Promise<ArticleFacts[]> {
  const all: ArticleFacts[] = [];
  for await (const facts of eachArticleFacts()) all.push(facts);
  return all;
}

/** Every article, a thousand rows at a time by id, for the index's first picture. */
export function eachArticleFacts(): AsyncGenerator<ArticleFacts> {
  return database().cacheFacts.eachArticleFacts();
}

/**
 * The ids of the visible articles just before and after a place in time, as
 * the article page's previous/next links pick them; the article itself is
 * left out, wherever it is now.
 */
export function neighbourIds(article: { id: number; publishedAt: number }, now: Date): Promise<number[]> {
  return database().cacheFacts.neighbourIds({ id: article.id, publishedAt: new Date(article.publishedAt) }, now);
}

export function articleIdsWith(by: { tag: number } | { author: number } | { section: number }): Promise<number[]> {
  return database().cacheFacts.articleIdsWith(by);
}

export function commentFacts(id: number): Promise<{ status: string; articleId: number } | null> {
  return database().cacheFacts.commentFacts(id);
}

/** "slug\tname" of a tag, or null when it is gone. */
export async function tagName(id: number): Promise<string | null> {
  const tag = await database().cacheFacts.tagName(id);
  return tag ? `${tag.slug}\t${tag.name}` : null;
}

/** "login\tdisplay name" of an author, or null when gone. */
export async function authorName(id: number): Promise<string | null> {
  const user = await database().cacheFacts.authorName(id);
  return user ? `${user.login}\t${user.displayName}` : null;
}

/** Every tag's and author's name, keyed as the index keeps them. */
export async function allNames(): Promise<Array<[string, string]>> {
  const facts = database().cacheFacts;
  const [tags, users] = await Promise.all([facts.allTagNames(), facts.allAuthorNames()]);
  return [
    ...tags.map((t): [string, string] => [`tag:${t.id}`, `${t.slug}\t${t.name}`]),
    ...users.map((u): [string, string] => [`user:${u.id}`, `${u.login}\t${u.displayName}`]),
  ];
}

/** Published articles whose time came in (since, now]: schedules another program may have written. */
export function articlesDueBetween(since: Date, now: Date): Promise<number[]> {
  return database().cacheFacts.articlesDueBetween(since, now);
}

/** When the next scheduled article goes live, if one is waiting. */
export async function nextPublication(now: Date): Promise<number | undefined> {
  return (await database().cacheFacts.nextPublication(now))?.getTime();
}
