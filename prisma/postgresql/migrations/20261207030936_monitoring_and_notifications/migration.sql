-- AlterTable
ALTER TABLE "User" ADD COLUMN     "notifyAlerts" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "notifyComments" TEXT NOT NULL DEFAULT 'held';

-- AlterTable
ALTER TABLE "Setting" ADD COLUMN     "commentNotifications" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "replySubscriptions" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "ActivityPoint" (
    "id" SERIAL NOT NULL,
    "tier" TEXT NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
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
    "rssBytesMax" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "rssBytesSum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "samples" INTEGER NOT NULL DEFAULT 0,
    "diskFreeBytes" DOUBLE PRECISION,
    "diskTotalBytes" DOUBLE PRECISION,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ActivityPoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActivityCount" (
    "id" SERIAL NOT NULL,
    "tier" TEXT NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
    "host" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ActivityCount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonitorLease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MonitorLease_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "MonitorFact" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MonitorFact_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "AlertRule" (
    "kind" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "windowMinutes" INTEGER NOT NULL,
    "repeatMinutes" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertRule_pkey" PRIMARY KEY ("kind")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'firing',
    "message" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "lastNotifiedAt" TIMESTAMP(3),
    "notifications" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" SERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL,
    "html" TEXT NOT NULL DEFAULT '',
    "headers" TEXT NOT NULL DEFAULT '{}',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedUntil" TIMESTAMP(3),
    "lastError" TEXT NOT NULL DEFAULT '',
    "deliveredAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReplySubscription" (
    "id" SERIAL NOT NULL,
    "articleId" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "requests" INTEGER NOT NULL DEFAULT 0,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReplySubscription_pkey" PRIMARY KEY ("id")
);

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

-- AddForeignKey
ALTER TABLE "ReplySubscription" ADD CONSTRAINT "ReplySubscription_articleId_fkey" FOREIGN KEY ("articleId") REFERENCES "Article"("id") ON DELETE CASCADE ON UPDATE CASCADE;
