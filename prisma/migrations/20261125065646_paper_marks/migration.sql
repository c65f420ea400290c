-- AlterTable
ALTER TABLE "PaperReplay" ADD COLUMN     "marks" JSONB;
