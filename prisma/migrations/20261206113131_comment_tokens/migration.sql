-- CreateTable
CREATE TABLE "SpentCommentToken" (
    "nonce" TEXT NOT NULL PRIMARY KEY,
    "spentAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Setting" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT DEFAULT 1,
    "blogTitle" TEXT NOT NULL DEFAULT 'My Folio blog',
    "subtitle" TEXT NOT NULL DEFAULT 'Thoughts, written down',
    "theme" TEXT NOT NULL DEFAULT 'default',
    "articlesPerPage" INTEGER NOT NULL DEFAULT 10,
    "commentPolicy" TEXT NOT NULL DEFAULT 'moderate-all',
    "commentsCloseAfterDays" INTEGER NOT NULL DEFAULT 0,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Setting" ("articlesPerPage", "blogTitle", "commentPolicy", "commentsCloseAfterDays", "id", "subtitle", "theme", "timeZone", "updatedAt") SELECT "articlesPerPage", "blogTitle", "commentPolicy", "commentsCloseAfterDays", "id", "subtitle", "theme", "timeZone", "updatedAt" FROM "Setting";
DROP TABLE "Setting";
ALTER TABLE "new_Setting" RENAME TO "Setting";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "SpentCommentToken_spentAt_idx" ON "SpentCommentToken"("spentAt");
