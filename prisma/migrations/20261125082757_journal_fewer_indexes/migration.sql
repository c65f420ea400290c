-- DropIndex
DROP INDEX "JournalEntry_accountId_strategy_at_id_idx";

-- DropIndex
DROP INDEX "JournalEntry_accountId_outcome_at_id_idx";

-- DropIndex
DROP INDEX "JournalEntry_accountId_kind_at_id_idx";
