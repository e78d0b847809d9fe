"use server";

import { currentLearnerId } from "@/lib/auth/learner";
import type { ExampleRunState } from "@/lib/lessons/example-types";
import { runExample } from "@/lib/lessons/run-example";

/** "Run this" on a lesson's example: takes the example's id only, never code. */
export async function runExampleAction(_previous: ExampleRunState, formData: FormData): Promise<ExampleRunState> {
  return runExample({ exampleId: formData.get("exampleId") }, await currentLearnerId());
}
