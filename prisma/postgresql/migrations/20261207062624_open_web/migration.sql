-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "coverAssetId" INTEGER,
ADD COLUMN     "deletedAt" TIMESTAMP(3),
ADD COLUMN     "deletedFromState" TEXT,
ADD COLUMN     "wordCount" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Comment" ADD COLUMN     "authorPhoto" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "mentionType" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "sourceUrl" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Setting" ADD COLUMN     "defaultImageAssetId" INTEGER,
ADD COLUMN     "webmentions" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "websubHub" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "AppPassword" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL DEFAULT '',
    "clientId" TEXT NOT NULL DEFAULT '',
    "scope" TEXT NOT NULL DEFAULT '',
    "lastUsedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppPassword_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndieAuthCode" (
    "id" SERIAL NOT NULL,
    "codeHash" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "clientId" TEXT NOT NULL,
    "redirectUri" TEXT NOT NULL,
    "scope" TEXT NOT NULL DEFAULT '',
    "codeChallenge" TEXT NOT NULL,
    "me" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IndieAuthCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Webmention" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "articleId" INTEGER NOT NULL,
    "protocol" TEXT NOT NULL DEFAULT 'webmention',
    "status" TEXT NOT NULL DEFAULT 'queued',
    "commentId" INTEGER,
    "lastError" TEXT NOT NULL DEFAULT '',
    "verifiedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Webmention_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SentWebmention" (
    "id" SERIAL NOT NULL,
    "articleId" INTEGER NOT NULL,
    "target" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "linked" BOOLEAN NOT NULL DEFAULT true,
    "lastError" TEXT NOT NULL DEFAULT '',
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SentWebmention_pkey" PRIMARY KEY ("id")
);

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

-- AddForeignKey
ALTER TABLE "Article" ADD CONSTRAINT "Article_coverAssetId_fkey" FOREIGN KEY ("coverAssetId") REFERENCES "Asset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Setting" ADD CONSTRAINT "Setting_defaultImageAssetId_fkey" FOREIGN KEY ("defaultImageAssetId") REFERENCES "Asset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppPassword" ADD CONSTRAINT "AppPassword_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Webmention" ADD CONSTRAINT "Webmention_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Webmention" ADD CONSTRAINT "Webmention_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "Comment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SentWebmention" ADD CONSTRAINT "SentWebmention_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Existing articles' word counts, approximated by their spaces (saves count exactly from then on).
UPDATE "Article" SET "wordCount" = length(trim(coalesce("bodyText", ''))) - length(replace(trim(coalesce("bodyText", '')), ' ', '')) + 1 WHERE trim(coalesce("bodyText", '')) <> '';
