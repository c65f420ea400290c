-- CreateTable
CREATE TABLE "LiveSync" (
    "accountId" UUID NOT NULL,
    "exchangeUrl" TEXT NOT NULL,
    "startCash" DECIMAL(38,18) NOT NULL,
    "stageCapital" DECIMAL(38,18) NOT NULL,
    "cursorTime" TIMESTAMP(3),
    "marks" JSONB,
    "connectivity" TEXT NOT NULL DEFAULT 'UP',
    "connectivitySince" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSuccessAt" TIMESTAMP(3),
    "lastError" TEXT,
    "lastReconcileAt" TIMESTAMP(3),
    "lastReconcile" JSONB,
    "lastCleanPassAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LiveSync_pkey" PRIMARY KEY ("accountId")
);

-- AddForeignKey
ALTER TABLE "LiveSync" ADD CONSTRAINT "LiveSync_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "TradingAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;
