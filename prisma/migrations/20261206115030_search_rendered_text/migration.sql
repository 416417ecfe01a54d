-- AlterTable
ALTER TABLE "Article" ADD COLUMN "bodyText" TEXT;
ALTER TABLE "Article" ADD COLUMN "excerptText" TEXT;

-- Search indexes what readers read: the rendered text of the excerpt and the
-- body (HTML stripped), never the Markdown source, so snippets show no fences
-- or *emphasis*. The index now reads those columns of "Article" (external
-- content) instead of keeping its own copy; the save path fills them, and
-- db:migrate fills them for articles saved before (app/models/article/search-text.ts).
DROP TRIGGER "Article_search_insert";
DROP TRIGGER "Article_search_delete";
DROP TRIGGER "Article_search_update";
DROP TABLE "ArticleSearch";

CREATE VIRTUAL TABLE "ArticleSearch" USING fts5(
    title, "excerptText", "bodyText",
    content='Article', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);

-- An external-content index forgets a row by being told the values it indexed;
-- these triggers are the only writers, so those are always the old row's.
CREATE TRIGGER "Article_search_insert" AFTER INSERT ON "Article" BEGIN
    INSERT INTO "ArticleSearch" (rowid, title, "excerptText", "bodyText") VALUES (new."id", new."title", new."excerptText", new."bodyText");
END;

CREATE TRIGGER "Article_search_delete" AFTER DELETE ON "Article" BEGIN
    INSERT INTO "ArticleSearch" ("ArticleSearch", rowid, title, "excerptText", "bodyText") VALUES ('delete', old."id", old."title", old."excerptText", old."bodyText");
END;

CREATE TRIGGER "Article_search_update" AFTER UPDATE OF "title", "excerptText", "bodyText" ON "Article" BEGIN
    INSERT INTO "ArticleSearch" ("ArticleSearch", rowid, title, "excerptText", "bodyText") VALUES ('delete', old."id", old."title", old."excerptText", old."bodyText");
    INSERT INTO "ArticleSearch" (rowid, title, "excerptText", "bodyText") VALUES (new."id", new."title", new."excerptText", new."bodyText");
END;

INSERT INTO "ArticleSearch" ("ArticleSearch") VALUES ('rebuild');
