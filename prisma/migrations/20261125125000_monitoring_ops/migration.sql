-- CreateEnum
CREATE TYPE "BackupStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "RollbackTriggerStatus" AS ENUM ('OK', 'NOT_ENOUGH_DATA', 'NOT_APPLICABLE', 'FIRED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "CommandType" ADD VALUE 'EMERGENCY_STOP';
ALTER TYPE "CommandType" ADD VALUE 'SET_EXTREME_MODE';

-- AlterTable
ALTER TABLE "RiskState" ADD COLUMN     "extremeModeBy" TEXT,
ADD COLUMN     "extremeModeReason" TEXT,
ADD COLUMN     "extremeModeSince" TIMESTAMP(3),
ADD COLUMN     "extremeSizeMultiplier" DECIMAL(38,18),
ADD COLUMN     "isExtremeMode" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "RollbackTrigger" (
    "accountId" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" "RollbackTriggerStatus" NOT NULL,
    "message" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL,
    "stageId" UUID,
    "firedAt" TIMESTAMP(3),

    CONSTRAINT "RollbackTrigger_pkey" PRIMARY KEY ("accountId","trigger")
);

-- CreateTable
CREATE TABLE "DailyReport" (
    "id" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "day" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "generatedAt" TIMESTAMP(3) NOT NULL,
    "performance" JSONB NOT NULL,
    "compliance" JSONB NOT NULL,

    CONSTRAINT "DailyReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Backup" (
    "id" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "directory" TEXT NOT NULL,
    "sizeBytes" BIGINT,
    "kind" TEXT NOT NULL,
    "status" "BackupStatus" NOT NULL DEFAULT 'RUNNING',
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "rowCounts" JSONB,
    "error" TEXT,
    "verifiedAt" TIMESTAMP(3),
    "verification" JSONB,
    "prunedAt" TIMESTAMP(3),
    "createdBy" TEXT NOT NULL,

    CONSTRAINT "Backup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OpsTaskRun" (
    "id" UUID NOT NULL,
    "taskKey" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "doneAt" TIMESTAMP(3) NOT NULL,
    "doneById" UUID,
    "actorLabel" TEXT NOT NULL,
    "note" TEXT,
    "evidence" JSONB NOT NULL,
    "isAutomatic" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "OpsTaskRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmergencyContact" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "phone" TEXT,
    "email" TEXT,
    "notes" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmergencyContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SystemMetricSample" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "windowMs" INTEGER NOT NULL,
    "workerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "p50Us" INTEGER NOT NULL,
    "p99Us" INTEGER NOT NULL,
    "maxUs" INTEGER NOT NULL,

    CONSTRAINT "SystemMetricSample_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DailyReport_generatedAt_idx" ON "DailyReport"("generatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "DailyReport_accountId_day_key" ON "DailyReport"("accountId", "day");

-- CreateIndex
CREATE INDEX "Backup_status_startedAt_idx" ON "Backup"("status", "startedAt");

-- CreateIndex
CREATE INDEX "OpsTaskRun_doneAt_idx" ON "OpsTaskRun"("doneAt");

-- CreateIndex
CREATE UNIQUE INDEX "OpsTaskRun_taskKey_periodStart_key" ON "OpsTaskRun"("taskKey", "periodStart");

-- CreateIndex
CREATE INDEX "SystemMetricSample_name_at_idx" ON "SystemMetricSample"("name", "at");

-- CreateIndex
CREATE INDEX "SystemMetricSample_at_idx" ON "SystemMetricSample"("at");

-- AddForeignKey
ALTER TABLE "RollbackTrigger" ADD CONSTRAINT "RollbackTrigger_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "TradingAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DailyReport" ADD CONSTRAINT "DailyReport_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "TradingAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OpsTaskRun" ADD CONSTRAINT "OpsTaskRun_doneById_fkey" FOREIGN KEY ("doneById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
