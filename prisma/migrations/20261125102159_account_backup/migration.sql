-- AlterTable
ALTER TABLE "TradingAccount" ADD COLUMN     "apiUrl" TEXT,
ADD COLUMN     "backupOfId" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "TradingAccount_backupOfId_key" ON "TradingAccount"("backupOfId");

-- AddForeignKey
ALTER TABLE "TradingAccount" ADD CONSTRAINT "TradingAccount_backupOfId_fkey" FOREIGN KEY ("backupOfId") REFERENCES "TradingAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;
