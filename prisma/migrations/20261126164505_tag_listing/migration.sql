-- AlterTable
ALTER TABLE "Tagging" ADD COLUMN "publishedAt" DATETIME;

-- CreateIndex
CREATE INDEX "Tagging_tagId_publishedAt_articleId_idx" ON "Tagging"("tagId", "publishedAt", "articleId");

-- Tagging.publishedAt mirrors its article's publishedAt while published (else
-- null), whatever writes the rows: the ORM, the seeder or a tag merge.
UPDATE "Tagging" SET "publishedAt" = (
    SELECT CASE WHEN a."state" = 'published' THEN a."publishedAt" END FROM "Article" a WHERE a."id" = "Tagging"."articleId");

CREATE TRIGGER "Tagging_publication_insert" AFTER INSERT ON "Tagging" BEGIN
    UPDATE "Tagging" SET "publishedAt" = (
        SELECT CASE WHEN a."state" = 'published' THEN a."publishedAt" END FROM "Article" a WHERE a."id" = new."articleId")
     WHERE "articleId" = new."articleId" AND "tagId" = new."tagId";
END;

CREATE TRIGGER "Article_tagging_publication" AFTER UPDATE OF "state", "publishedAt" ON "Article" BEGIN
    UPDATE "Tagging" SET "publishedAt" = CASE WHEN new."state" = 'published' THEN new."publishedAt" END
     WHERE "articleId" = new."id";
END;
