-- AlterTable
ALTER TABLE "Admin" ADD COLUMN     "disabledAt" TIMESTAMP(3);
