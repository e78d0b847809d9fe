// Moves an anonymous learner's progress into an account, for a sign-in on a device that was
// used anonymously. Submissions move as they are; per exercise the newer draft wins; hint
// reveals and solution views are unioned (the earlier solution view is kept). Accounts are
// never merged into each other.
import "server-only";
import { db } from "@/lib/db";
import { retryWhileBusy } from "@/lib/db-errors";

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

export interface MergeSummary {
  submissions: number;
  drafts: number;
  hintReveals: number;
  solutionViews: number;
}

export async function mergeAnonymousLearner(fromId: string, intoId: string): Promise<MergeSummary | null> {
  if (fromId === intoId) return null;
  // One transaction, so it is safe to run again while the database is locked.
  return retryWhileBusy(() => db.$transaction((tx) => mergeIn(tx, fromId, intoId)));
}

async function mergeIn(tx: Tx, fromId: string, intoId: string): Promise<MergeSummary | null> {
  const from = await tx.learner.findUnique({ where: { id: fromId }, select: { username: true } });
  if (!from || from.username !== null) return null;

  const submissions = (await tx.submission.updateMany({ where: { learnerId: fromId }, data: { learnerId: intoId } })).count;

  let drafts = 0;
  const theirDrafts = await tx.draft.findMany({ where: { learnerId: fromId } });
  for (const draft of theirDrafts) {
    const mine = await tx.draft.findUnique({ where: { learnerId_exerciseId: { learnerId: intoId, exerciseId: draft.exerciseId } } });
    if (mine && mine.updatedAt >= draft.updatedAt) continue;
    await tx.draft.upsert({
      where: { learnerId_exerciseId: { learnerId: intoId, exerciseId: draft.exerciseId } },
      create: { learnerId: intoId, exerciseId: draft.exerciseId, code: draft.code, updatedAt: draft.updatedAt },
      update: { code: draft.code, updatedAt: draft.updatedAt },
    });
    drafts++;
  }

  let hintReveals = 0;
  const theirHints = await tx.hintReveal.findMany({ where: { learnerId: fromId } });
  for (const hint of theirHints) {
    const key = { learnerId: intoId, exerciseId: hint.exerciseId, hintIndex: hint.hintIndex };
    if (await tx.hintReveal.findUnique({ where: { learnerId_exerciseId_hintIndex: key } })) continue;
    await tx.hintReveal.create({ data: { ...key, createdAt: hint.createdAt } });
    hintReveals++;
  }

  let solutionViews = 0;
  const theirViews = await tx.solutionView.findMany({ where: { learnerId: fromId } });
  for (const view of theirViews) {
    const where = { learnerId_exerciseId: { learnerId: intoId, exerciseId: view.exerciseId } };
    const mine = await tx.solutionView.findUnique({ where });
    if (!mine) {
      await tx.solutionView.create({ data: { learnerId: intoId, exerciseId: view.exerciseId, createdAt: view.createdAt } });
      solutionViews++;
    } else if (view.createdAt < mine.createdAt) {
      await tx.solutionView.update({ where, data: { createdAt: view.createdAt } });
    }
  }

  // Whatever was not moved (drafts that lost, duplicate reveals) goes with the anonymous learner.
  await tx.learner.delete({ where: { id: fromId } });
  return { submissions, drafts, hintReveals, solutionViews };
}
