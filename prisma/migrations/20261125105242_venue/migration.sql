-- CreateEnum
CREATE TYPE "Venue" AS ENUM ('PAPER', 'EXCHANGE');

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "venue" "Venue" NOT NULL DEFAULT 'PAPER';

-- AlterTable
ALTER TABLE "Position" ADD COLUMN     "venue" "Venue" NOT NULL DEFAULT 'PAPER';
