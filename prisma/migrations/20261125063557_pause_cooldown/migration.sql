-- AlterTable
ALTER TABLE "RiskState" ADD COLUMN     "pauseAnchorEquity" DECIMAL(38,18),
ADD COLUMN     "pausedUntil" TIMESTAMP(3);
