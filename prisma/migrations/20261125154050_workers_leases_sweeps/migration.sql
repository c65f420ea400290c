-- AlterTable
ALTER TABLE "BacktestRun" ADD COLUMN     "durationMs" INTEGER,
ADD COLUMN     "jobId" TEXT,
ADD COLUMN     "workerId" TEXT;

-- AlterTable
ALTER TABLE "WorkerHeartbeat" ADD COLUMN     "roles" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "BacktestSweep" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "grid" JSONB NOT NULL,
    "totalRuns" INTEGER NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BacktestSweep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkerLease" (
    "resource" TEXT NOT NULL,
    "accountId" UUID,
    "ownerId" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL DEFAULT 1,
    "acquiredAt" TIMESTAMP(3) NOT NULL,
    "renewedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "releasedAt" TIMESTAMP(3),

    CONSTRAINT "WorkerLease_pkey" PRIMARY KEY ("resource")
);

-- CreateIndex
CREATE INDEX "BacktestSweep_createdAt_idx" ON "BacktestSweep"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "WorkerLease_accountId_key" ON "WorkerLease"("accountId");

-- CreateIndex
CREATE INDEX "WorkerLease_ownerId_idx" ON "WorkerLease"("ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "BacktestRun_jobId_key" ON "BacktestRun"("jobId");

-- AddForeignKey
ALTER TABLE "BacktestRun" ADD CONSTRAINT "BacktestRun_sweepId_fkey" FOREIGN KEY ("sweepId") REFERENCES "BacktestSweep"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkerLease" ADD CONSTRAINT "WorkerLease_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "TradingAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Fencing (docs/scaling.md): an order is written, and sent, only under its account's current
-- lease. Once a worker has leased an account, every new order row, and every send attempt of
-- an exchange order (the write-ahead sets "submittedAt" just before the request leaves), must
-- carry the epoch of the lease as it stands now, unexpired and not released; an order from an
-- older epoch (a worker that paused past its lease while another took the account over) is
-- refused. The lease row is
-- read FOR SHARE, so a takeover (an UPDATE of that row) waits for the transaction that wrote
-- the order, and the new owner's reconciliation sees it. Accounts never leased (tests,
-- scripts on a stopped installation) are not fenced. Times are UTC, as Prisma writes them.
CREATE FUNCTION "sentinel_order_fence"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  lease RECORD;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."submittedAt" IS NOT DISTINCT FROM OLD."submittedAt" THEN
    RETURN NEW;
  END IF;
  SELECT "epoch", "ownerId", "expiresAt", "releasedAt" INTO lease FROM "WorkerLease" WHERE "accountId" = NEW."accountId" FOR SHARE;
  IF NOT FOUND THEN
    RETURN NEW;
  END IF;
  IF NEW."leaseEpoch" IS DISTINCT FROM lease."epoch" OR lease."releasedAt" IS NOT NULL OR lease."expiresAt" <= (clock_timestamp() AT TIME ZONE 'UTC') THEN
    RAISE EXCEPTION 'order refused by fencing: lease epoch % is not the current lease of account % (epoch %, owner %, expires %)',
      COALESCE(NEW."leaseEpoch"::text, 'none'), NEW."accountId", lease."epoch", lease."ownerId", lease."expiresAt"
      USING ERRCODE = 'SNF01';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "Order_fence" BEFORE INSERT OR UPDATE OF "submittedAt" ON "Order" FOR EACH ROW EXECUTE FUNCTION "sentinel_order_fence"();
