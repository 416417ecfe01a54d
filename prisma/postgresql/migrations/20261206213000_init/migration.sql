-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "login" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'author',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Article" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "excerpt" TEXT NOT NULL DEFAULT '',
    "excerptHtml" TEXT NOT NULL DEFAULT '',
    "bodySource" TEXT NOT NULL,
    "bodyHtml" TEXT NOT NULL,
    "excerptText" TEXT,
    "bodyText" TEXT,
    "textFilter" TEXT NOT NULL DEFAULT 'markdown',
    "state" TEXT NOT NULL DEFAULT 'draft',
    "publishedAt" TIMESTAMP(3),
    "publishedOn" TEXT,
    "allowComments" BOOLEAN NOT NULL DEFAULT true,
    "commentsCount" INTEGER NOT NULL DEFAULT 0,
    "authorId" INTEGER NOT NULL,
    "sectionId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Article_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tagging" (
    "articleId" INTEGER NOT NULL,
    "tagId" INTEGER NOT NULL,
    "publishedAt" TIMESTAMP(3),

    CONSTRAINT "Tagging_pkey" PRIMARY KEY ("articleId","tagId")
);

-- CreateTable
CREATE TABLE "Section" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "style" TEXT NOT NULL DEFAULT 'blog',
    "pageId" INTEGER,

    CONSTRAINT "Section_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Page" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "bodySource" TEXT NOT NULL,
    "bodyHtml" TEXT NOT NULL,
    "textFilter" TEXT NOT NULL DEFAULT 'markdown',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Page_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Comment" (
    "id" SERIAL NOT NULL,
    "articleId" INTEGER NOT NULL,
    "authorName" TEXT NOT NULL,
    "email" TEXT NOT NULL DEFAULT '',
    "url" TEXT NOT NULL DEFAULT '',
    "bodySource" TEXT NOT NULL,
    "bodyHtml" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "ip" TEXT NOT NULL DEFAULT '',
    "userAgent" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Comment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SpentCommentToken" (
    "nonce" TEXT NOT NULL,
    "spentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SpentCommentToken_pkey" PRIMARY KEY ("nonce")
);

-- CreateTable
CREATE TABLE "Setting" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "blogTitle" TEXT NOT NULL DEFAULT 'My Folio blog',
    "subtitle" TEXT NOT NULL DEFAULT 'Thoughts, written down',
    "theme" TEXT NOT NULL DEFAULT 'default',
    "articlesPerPage" INTEGER NOT NULL DEFAULT 10,
    "commentPolicy" TEXT NOT NULL DEFAULT 'moderate-all',
    "commentsCloseAfterDays" INTEGER NOT NULL DEFAULT 0,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Revision" (
    "id" SERIAL NOT NULL,
    "articleId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'save',
    "title" TEXT NOT NULL,
    "excerpt" TEXT NOT NULL DEFAULT '',
    "bodySource" TEXT NOT NULL,
    "textFilter" TEXT NOT NULL,
    "authorId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Asset" (
    "id" SERIAL NOT NULL,
    "storedName" TEXT NOT NULL,
    "originalName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "uploaderId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Asset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "sid" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("sid")
);

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "expire" TIMESTAMP(3),

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Change" (
    "id" SERIAL NOT NULL,
    "payload" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Change_pkey" PRIMARY KEY ("id")
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
CREATE INDEX "Tagging_tagId_publishedAt_articleId_idx" ON "Tagging"("tagId", "publishedAt", "articleId");

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

-- CreateIndex
CREATE INDEX "SpentCommentToken_spentAt_idx" ON "SpentCommentToken"("spentAt");

-- CreateIndex
CREATE INDEX "Revision_articleId_kind_createdAt_idx" ON "Revision"("articleId", "kind", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Asset_storedName_key" ON "Asset"("storedName");

-- CreateIndex
CREATE INDEX "Asset_createdAt_idx" ON "Asset"("createdAt");

-- CreateIndex
CREATE INDEX "Asset_uploaderId_createdAt_idx" ON "Asset"("uploaderId", "createdAt");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "Change_createdAt_idx" ON "Change"("createdAt");

-- AddForeignKey
ALTER TABLE "Article" ADD CONSTRAINT "Article_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Article" ADD CONSTRAINT "Article_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tagging" ADD CONSTRAINT "Tagging_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tagging" ADD CONSTRAINT "Tagging_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Section" ADD CONSTRAINT "Section_pageId_fkey" FOREIGN KEY ("pageId") REFERENCES "Page"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Revision" ADD CONSTRAINT "Revision_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Asset" ADD CONSTRAINT "Asset_uploaderId_fkey" FOREIGN KEY ("uploaderId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand (Prisma's model cannot say these; see the SQLite migrations
-- tag_listing and search_rendered_text for the same rules there).

-- Tagging.publishedAt mirrors its article's publishedAt while published (else
-- null), whatever writes the rows: the ORM, the seeder or a tag merge.
CREATE FUNCTION "Tagging_publication_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW."publishedAt" := (SELECT CASE WHEN a."state" = 'published' THEN a."publishedAt" END FROM "Article" a WHERE a."id" = NEW."articleId");
    RETURN NEW;
END $$;

CREATE TRIGGER "Tagging_publication_insert" BEFORE INSERT ON "Tagging"
    FOR EACH ROW EXECUTE FUNCTION "Tagging_publication_insert"();

CREATE FUNCTION "Article_tagging_publication"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "Tagging" SET "publishedAt" = CASE WHEN NEW."state" = 'published' THEN NEW."publishedAt" END
     WHERE "articleId" = NEW."id";
    RETURN NULL;
END $$;

CREATE TRIGGER "Article_tagging_publication" AFTER UPDATE OF "state", "publishedAt" ON "Article"
    FOR EACH ROW EXECUTE FUNCTION "Article_tagging_publication"();

-- Full-text search over what readers read (the rendered text, see
-- app/models/article/search-text.ts), as FTS5 does on SQLite: English
-- stemming (Snowball, as FTS5's porter tokenizer) but no stop words, so every
-- word a reader types can be found; the title weighs most, then the excerpt.
CREATE TEXT SEARCH DICTIONARY folio_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION folio (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION folio
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
    WITH folio_stem;

-- The text is plain text, never markup, but PostgreSQL's parser reads "<b>"
-- as a tag (and skips what <script> encloses): "<" and ">" are read as two
-- control characters plain text never holds (app/database/postgresql/search.ts
-- reads snippets the same way and turns them back).
ALTER TABLE "Article" ADD COLUMN "searchVector" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('folio', translate(coalesce("title", ''), '<>', chr(4) || chr(5))), 'A') ||
    setweight(to_tsvector('folio', translate(coalesce("excerptText", ''), '<>', chr(4) || chr(5))), 'B') ||
    setweight(to_tsvector('folio', translate(coalesce("bodyText", ''), '<>', chr(4) || chr(5))), 'C')
) STORED;

CREATE INDEX "Article_searchVector_idx" ON "Article" USING GIN ("searchVector");
