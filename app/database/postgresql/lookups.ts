/** The small lookups every reader page makes, on PostgreSQL's direct pool. */
import type { LookupQueries, NavigationSection, SettingsRow } from '#app/database/boundary.ts';
import { timestamp, type Rows } from '#app/database/postgresql/pool.ts';
import { visibleTaggingSql } from '#app/database/visibility-sql.ts';

export function postgresLookups(rows: Rows): LookupQueries {
  return {
    navigationSections: () =>
      rows<NavigationSection>(`SELECT "id", "name", "slug", "style" FROM "Section" ORDER BY "position", "name"`),

    async sectionBySlug(slug) {
      const [row] = await rows<
        NavigationSection & { pageId: number | null; pageTitle: string; pageBodyHtml: string; pageUpdatedAt: Date }
      >(
        `SELECT s."id", s."name", s."slug", s."style", p."id" AS "pageId", p."title" AS "pageTitle", p."bodyHtml" AS "pageBodyHtml", p."updatedAt" AS "pageUpdatedAt"
           FROM "Section" s LEFT JOIN "Page" p ON p."id" = s."pageId" WHERE s."slug" = ?`,
        slug,
      );
      if (!row) return null;
      const { pageId, pageTitle, pageBodyHtml, pageUpdatedAt, ...section } = row;
      return {
        ...section,
        page:
          pageId === null ? null : { id: pageId, title: pageTitle, bodyHtml: pageBodyHtml, updatedAt: pageUpdatedAt },
      };
    },

    async settings() {
      const [row] = await rows<SettingsRow>(
        `SELECT "id", "blogTitle", "subtitle", "theme", "articlesPerPage", "commentPolicy", "commentsCloseAfterDays", "timeZone", "commentNotifications", "replySubscriptions", "defaultImageAssetId", "webmentions", "websubHub", "updatedAt" FROM "Setting" WHERE "id" = 1`,
      );
      return row ?? null;
    },

    async visibleTag(slug, now) {
      const [tag] = await rows<{ id: number; name: string; slug: string }>(
        `SELECT t."id", t."name", t."slug" FROM "Tag" t
          WHERE t."slug" = ? AND EXISTS (SELECT 1 FROM "Tagging" g WHERE g."tagId" = t."id" AND ${visibleTaggingSql('g')})`,
        slug,
        timestamp(now),
      );
      return tag ?? null;
    },

    async author(login) {
      const [author] = await rows<{ id: number; login: string; displayName: string }>(
        `SELECT "id", "login", "displayName" FROM "User" WHERE "login" = ?`,
        login,
      );
      return author ?? null;
    },

    async redirectAddressWithQuery(withoutNames) {
      // Substring tests, not LIKE: a name may hold LIKE's wildcards ("page_id"), and case must count.
      const unused = withoutNames.map(() => ` AND strpos("fromPath", ?) = 0 AND strpos("fromPath", ?) = 0`).join('');
      const [row] = await rows<{ fromPath: string }>(
        `SELECT "fromPath" FROM "Redirect" WHERE strpos("fromPath", ?) > 0${unused} LIMIT 1`,
        '?',
        ...withoutNames.flatMap((name) => [`?${name}=`, `&${name}=`]),
      );
      return row?.fromPath ?? null;
    },
  };
}
