-- CreateTable
CREATE TABLE "AppPassword" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL DEFAULT '',
    "clientId" TEXT NOT NULL DEFAULT '',
    "scope" TEXT NOT NULL DEFAULT '',
    "lastUsedAt" DATETIME,
    "expiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AppPassword_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IndieAuthCode" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "codeHash" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "clientId" TEXT NOT NULL,
    "redirectUri" TEXT NOT NULL,
    "scope" TEXT NOT NULL DEFAULT '',
    "codeChallenge" TEXT NOT NULL,
    "me" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Webmention" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "source" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "articleId" INTEGER NOT NULL,
    "protocol" TEXT NOT NULL DEFAULT 'webmention',
    "status" TEXT NOT NULL DEFAULT 'queued',
    "commentId" INTEGER,
    "lastError" TEXT NOT NULL DEFAULT '',
    "verifiedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Webmention_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Webmention_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "Comment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SentWebmention" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "articleId" INTEGER NOT NULL,
    "target" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "linked" BOOLEAN NOT NULL DEFAULT true,
    "lastError" TEXT NOT NULL DEFAULT '',
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SentWebmention_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AddColumns (ALTER TABLE, not a table copy: a copy would drop the triggers on Article and Comment)
ALTER TABLE "Article" ADD COLUMN "coverAssetId" INTEGER REFERENCES "Asset" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Article" ADD COLUMN "wordCount" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Article" ADD COLUMN "deletedAt" DATETIME;
ALTER TABLE "Article" ADD COLUMN "deletedFromState" TEXT;
ALTER TABLE "Comment" ADD COLUMN "mentionType" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Comment" ADD COLUMN "sourceUrl" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Comment" ADD COLUMN "authorPhoto" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Setting" ADD COLUMN "defaultImageAssetId" INTEGER REFERENCES "Asset" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Setting" ADD COLUMN "webmentions" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Setting" ADD COLUMN "websubHub" TEXT NOT NULL DEFAULT '';

-- Existing articles' word counts, approximated by their spaces (saves count exactly from then on).
UPDATE "Article" SET "wordCount" = length(trim(coalesce("bodyText", ''))) - length(replace(trim(coalesce("bodyText", '')), ' ', '')) + 1 WHERE trim(coalesce("bodyText", '')) <> '';

-- CreateIndex
CREATE UNIQUE INDEX "AppPassword_secretHash_key" ON "AppPassword"("secretHash");

-- CreateIndex
CREATE INDEX "AppPassword_userId_createdAt_idx" ON "AppPassword"("userId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "IndieAuthCode_codeHash_key" ON "IndieAuthCode"("codeHash");

-- CreateIndex
CREATE INDEX "IndieAuthCode_expiresAt_idx" ON "IndieAuthCode"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Webmention_commentId_key" ON "Webmention"("commentId");

-- CreateIndex
CREATE INDEX "Webmention_articleId_idx" ON "Webmention"("articleId");

-- CreateIndex
CREATE UNIQUE INDEX "Webmention_source_target_key" ON "Webmention"("source", "target");

-- CreateIndex
CREATE UNIQUE INDEX "SentWebmention_articleId_target_key" ON "SentWebmention"("articleId", "target");
