-- DropIndex
DROP INDEX "Submission_learnerId_exerciseId_createdAt_idx";

-- CreateIndex
CREATE INDEX "Submission_learnerId_exerciseId_createdAt_verdict_passed_idx" ON "Submission"("learnerId", "exerciseId", "createdAt", "verdict", "passed");

