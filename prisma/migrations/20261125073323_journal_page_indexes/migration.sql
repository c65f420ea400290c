-- DropIndex
DROP INDEX "JournalEntry_accountId_at_idx";

-- DropIndex
DROP INDEX "JournalEntry_accountId_symbol_at_idx";

-- DropIndex
DROP INDEX "JournalEntry_accountId_outcome_rule_at_idx";

-- CreateIndex
CREATE INDEX "JournalEntry_accountId_at_id_idx" ON "JournalEntry"("accountId", "at", "id");

-- CreateIndex
CREATE INDEX "JournalEntry_accountId_symbol_at_id_idx" ON "JournalEntry"("accountId", "symbol", "at", "id");

-- CreateIndex
CREATE INDEX "JournalEntry_accountId_strategy_at_id_idx" ON "JournalEntry"("accountId", "strategy", "at", "id");

-- CreateIndex
CREATE INDEX "JournalEntry_accountId_outcome_at_id_idx" ON "JournalEntry"("accountId", "outcome", "at", "id");

-- CreateIndex
CREATE INDEX "JournalEntry_accountId_rule_at_id_idx" ON "JournalEntry"("accountId", "rule", "at", "id");

-- CreateIndex
CREATE INDEX "JournalEntry_accountId_kind_at_id_idx" ON "JournalEntry"("accountId", "kind", "at", "id");
