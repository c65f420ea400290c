-- CreateIndex
CREATE INDEX "JournalEntry_reconcile_idx" ON "JournalEntry"("accountId", "at", "id") WHERE (kind = 'SYSTEM' AND message LIKE 'reconcile: %');

-- CreateIndex
CREATE INDEX "Alert_accountId_lastSeenAt_id_idx" ON "Alert"("accountId", "lastSeenAt", "id");
