-- AlterTable
ALTER TABLE "RiskConfig" ADD COLUMN     "riskPerTradeReason" TEXT;

-- AlterTable
ALTER TABLE "Position" ADD COLUMN     "riskFraction" DECIMAL(38,18);
