"use server";
// Learner actions around an exercise (draft, hints, solution) and the theme preference. Each is a
// public endpoint: input is validated in lib/, the learner comes from the cookies.
import { ensureLearnerId } from "@/lib/auth/learner";
import { revealHint, saveDraft, viewSolution, type DraftResult, type HintResult, type SolutionResult } from "@/lib/exercises/learner-work";
import { runExercise, type ExerciseRunState } from "@/lib/exercises/run-exercise";

export async function runAction(_previous: ExerciseRunState, formData: FormData): Promise<ExerciseRunState> {
  return runExercise({ exerciseId: formData.get("exerciseId"), code: formData.get("code") }, await ensureLearnerId());
}

export async function saveDraftAction(exerciseId: string, code: string): Promise<DraftResult> {
  return saveDraft({ exerciseId, code }, await ensureLearnerId());
}

export async function revealHintAction(exerciseId: string, index: number): Promise<HintResult> {
  return revealHint({ exerciseId, index }, await ensureLearnerId());
}

export async function viewSolutionAction(exerciseId: string): Promise<SolutionResult> {
  return viewSolution(exerciseId, await ensureLearnerId());
}
