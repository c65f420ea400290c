-- CreateTable
CREATE TABLE "PaperReplay" (
    "accountId" UUID NOT NULL,
    "feed" JSONB NOT NULL,
    "cash" DECIMAL(38,18) NOT NULL,
    "cursorTime" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PaperReplay_pkey" PRIMARY KEY ("accountId")
);

-- AddForeignKey
ALTER TABLE "PaperReplay" ADD CONSTRAINT "PaperReplay_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "TradingAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;
