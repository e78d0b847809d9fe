"use server";

import { currentLearnerId } from "@/lib/auth/learner";
import { runExercise } from "@/lib/exercises/run-exercise";
import type { RunState } from "@/lib/grading/types";

export async function runExerciseAction(_previous: RunState, formData: FormData): Promise<RunState> {
  return runExercise({ exerciseId: formData.get("exerciseId"), code: formData.get("code") }, await currentLearnerId());
}
