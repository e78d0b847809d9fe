-- AlterTable
ALTER TABLE "Lesson" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'lesson';
ALTER TABLE "Lesson" ADD COLUMN "part" TEXT;
