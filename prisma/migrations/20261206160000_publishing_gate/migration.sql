-- AlterTable
ALTER TABLE "Exercise" ADD COLUMN "checkedHash" TEXT;

-- AlterTable
ALTER TABLE "Lesson" ADD COLUMN "examplesHash" TEXT;
