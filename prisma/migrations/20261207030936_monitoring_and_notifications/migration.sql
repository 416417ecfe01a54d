-- CreateTable
CREATE TABLE "ActivityPoint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "tier" TEXT NOT NULL,
    "bucket" DATETIME NOT NULL,
    "host" TEXT NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "clientErrors" INTEGER NOT NULL DEFAULT 0,
    "serverErrors" INTEGER NOT NULL DEFAULT 0,
    "latency" TEXT NOT NULL DEFAULT '[]',
    "cacheHits" INTEGER NOT NULL DEFAULT 0,
    "cacheMisses" INTEGER NOT NULL DEFAULT 0,
    "restarts" INTEGER NOT NULL DEFAULT 0,
    "crashLoop" BOOLEAN NOT NULL DEFAULT false,
    "workers" INTEGER NOT NULL DEFAULT 0,
    "rssBytesMax" REAL NOT NULL DEFAULT 0,
    "rssBytesSum" REAL NOT NULL DEFAULT 0,
    "samples" INTEGER NOT NULL DEFAULT 0,
    "diskFreeBytes" REAL,
    "diskTotalBytes" REAL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ActivityCount" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "tier" TEXT NOT NULL,
    "bucket" DATETIME NOT NULL,
    "host" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "MonitorLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MonitorFact" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AlertRule" (
    "kind" TEXT NOT NULL PRIMARY KEY,
    "enabled" BOOLEAN NOT NULL,
    "threshold" REAL NOT NULL,
    "windowMinutes" INTEGER NOT NULL,
    "repeatMinutes" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'firing',
    "message" TEXT NOT NULL,
    "value" REAL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" DATETIME,
    "lastNotifiedAt" DATETIME,
    "notifications" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "channel" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL,
    "html" TEXT NOT NULL DEFAULT '',
    "headers" TEXT NOT NULL DEFAULT '{}',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedUntil" DATETIME,
    "lastError" TEXT NOT NULL DEFAULT '',
    "deliveredAt" DATETIME,
    "failedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ReplySubscription" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "articleId" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "confirmedAt" DATETIME,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "requestedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReplySubscription_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Indexes of the new tables
-- CreateIndex
CREATE INDEX "ActivityPoint_tier_bucket_idx" ON "ActivityPoint"("tier", "bucket");

-- CreateIndex
CREATE UNIQUE INDEX "ActivityPoint_tier_bucket_host_key" ON "ActivityPoint"("tier", "bucket", "host");

-- CreateIndex
CREATE INDEX "ActivityCount_tier_kind_bucket_idx" ON "ActivityCount"("tier", "kind", "bucket");

-- CreateIndex
CREATE UNIQUE INDEX "ActivityCount_tier_bucket_host_kind_key_key" ON "ActivityCount"("tier", "bucket", "host", "kind", "key");

-- CreateIndex
CREATE INDEX "Alert_state_kind_idx" ON "Alert"("state", "kind");

-- CreateIndex
CREATE INDEX "Alert_startedAt_idx" ON "Alert"("startedAt");

-- CreateIndex
CREATE INDEX "Notification_deliveredAt_failedAt_nextAttemptAt_idx" ON "Notification"("deliveredAt", "failedAt", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Notification_createdAt_idx" ON "Notification"("createdAt");

-- CreateIndex
CREATE INDEX "ReplySubscription_email_idx" ON "ReplySubscription"("email");

-- CreateIndex
CREATE UNIQUE INDEX "ReplySubscription_articleId_email_key" ON "ReplySubscription"("articleId", "email");

-- AlterTable (columns with defaults: added in place, rather than copying the tables)
ALTER TABLE "User" ADD COLUMN "notifyComments" TEXT NOT NULL DEFAULT 'held';
ALTER TABLE "User" ADD COLUMN "notifyAlerts" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Setting" ADD COLUMN "commentNotifications" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Setting" ADD COLUMN "replySubscriptions" BOOLEAN NOT NULL DEFAULT true;
