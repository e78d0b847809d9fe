-- AlterTable
ALTER TABLE "Lesson" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'lesson',
ADD COLUMN     "part" TEXT;
