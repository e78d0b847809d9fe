-- AlterTable
ALTER TABLE "Admin" ADD COLUMN "disabledAt" DATETIME;
