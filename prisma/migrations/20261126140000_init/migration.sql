-- CreateTable
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "login" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'author',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Article" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "excerpt" TEXT NOT NULL DEFAULT '',
    "excerptHtml" TEXT NOT NULL DEFAULT '',
    "bodySource" TEXT NOT NULL,
    "bodyHtml" TEXT NOT NULL,
    "textFilter" TEXT NOT NULL DEFAULT 'markdown',
    "state" TEXT NOT NULL DEFAULT 'draft',
    "publishedAt" DATETIME,
    "publishedOn" TEXT,
    "allowComments" BOOLEAN NOT NULL DEFAULT true,
    "commentsCount" INTEGER NOT NULL DEFAULT 0,
    "authorId" INTEGER NOT NULL,
    "sectionId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Article_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Article_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Tagging" (
    "articleId" INTEGER NOT NULL,
    "tagId" INTEGER NOT NULL,

    PRIMARY KEY ("articleId", "tagId"),
    CONSTRAINT "Tagging_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Tagging_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Section" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "style" TEXT NOT NULL DEFAULT 'blog',
    "pageId" INTEGER,
    CONSTRAINT "Section_pageId_fkey" FOREIGN KEY ("pageId") REFERENCES "Page" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Page" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "bodySource" TEXT NOT NULL,
    "bodyHtml" TEXT NOT NULL,
    "textFilter" TEXT NOT NULL DEFAULT 'markdown',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Comment" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "articleId" INTEGER NOT NULL,
    "authorName" TEXT NOT NULL,
    "email" TEXT NOT NULL DEFAULT '',
    "url" TEXT NOT NULL DEFAULT '',
    "bodySource" TEXT NOT NULL,
    "bodyHtml" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "ip" TEXT NOT NULL DEFAULT '',
    "userAgent" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Comment_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Setting" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "blogTitle" TEXT NOT NULL DEFAULT 'My Folio blog',
    "subtitle" TEXT NOT NULL DEFAULT 'Thoughts, written down',
    "theme" TEXT NOT NULL DEFAULT 'default',
    "articlesPerPage" INTEGER NOT NULL DEFAULT 10,
    "commentPolicy" TEXT NOT NULL DEFAULT 'moderate-first',
    "commentsCloseAfterDays" INTEGER NOT NULL DEFAULT 0,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "User_login_key" ON "User"("login");

-- CreateIndex
CREATE INDEX "Article_state_publishedAt_idx" ON "Article"("state", "publishedAt");

-- CreateIndex
CREATE INDEX "Article_state_publishedOn_publishedAt_idx" ON "Article"("state", "publishedOn", "publishedAt");

-- CreateIndex
CREATE INDEX "Article_authorId_state_publishedAt_idx" ON "Article"("authorId", "state", "publishedAt");

-- CreateIndex
CREATE INDEX "Article_sectionId_state_publishedAt_idx" ON "Article"("sectionId", "state", "publishedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Article_publishedOn_slug_key" ON "Article"("publishedOn", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_slug_key" ON "Tag"("slug");

-- CreateIndex
CREATE INDEX "Tagging_tagId_articleId_idx" ON "Tagging"("tagId", "articleId");

-- CreateIndex
CREATE UNIQUE INDEX "Section_slug_key" ON "Section"("slug");

-- CreateIndex
CREATE INDEX "Section_position_idx" ON "Section"("position");

-- CreateIndex
CREATE UNIQUE INDEX "Page_slug_key" ON "Page"("slug");

-- CreateIndex
CREATE INDEX "Comment_articleId_status_createdAt_idx" ON "Comment"("articleId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Comment_status_createdAt_idx" ON "Comment"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Comment_email_status_idx" ON "Comment"("email", "status");

-- CreateIndex
CREATE INDEX "Comment_ip_createdAt_idx" ON "Comment"("ip", "createdAt");

-- Full-text search (SQLite FTS5; PostgreSQL gets its own in its migrations).
-- The index keeps its own copy of the text (snippets need it) and is kept in
-- sync by triggers on every write, so no save path can forget it.
-- Visibility (published, not scheduled) is filtered at query time.
CREATE VIRTUAL TABLE "ArticleSearch" USING fts5(
    title, excerpt, body,
    tokenize='porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER "Article_search_insert" AFTER INSERT ON "Article" BEGIN
    INSERT INTO "ArticleSearch" (rowid, title, excerpt, body) VALUES (new."id", new."title", new."excerpt", new."bodySource");
END;

CREATE TRIGGER "Article_search_delete" AFTER DELETE ON "Article" BEGIN
    DELETE FROM "ArticleSearch" WHERE rowid = old."id";
END;

CREATE TRIGGER "Article_search_update" AFTER UPDATE OF "title", "excerpt", "bodySource" ON "Article" BEGIN
    DELETE FROM "ArticleSearch" WHERE rowid = old."id";
    INSERT INTO "ArticleSearch" (rowid, title, excerpt, body) VALUES (new."id", new."title", new."excerpt", new."bodySource");
END;
