// Warms the verdict path's database work once per process, off the learner's path. Prisma's
// client engine compiles each query shape the first time it is used: on this hardware the first
// run of a server paid about a second for it (reading the exercise, storing the submission,
// reading the standing). The lesson page starts this when it renders, before anyone can press
// Run: the same queries (lib/exercises/queries.ts recordSubmission), in a transaction that is
// then rolled back, so nothing is stored.
import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { getExerciseForGrading } from "./queries";
import { NOT_AN_ATTEMPT } from "@/lib/grading/types";

const WARMED_KEY = Symbol.for("elixir-lessons.exercises.warmed");

class RollBack extends Error {}

/** Starts the warm-up once per process (a no-op afterwards); never throws. */
export function warmVerdictPath(exerciseId: string): void {
  const holder = globalThis as typeof globalThis & { [WARMED_KEY]?: boolean };
  if (holder[WARMED_KEY]) return;
  holder[WARMED_KEY] = true;
  void (async () => {
    await getExerciseForGrading(exerciseId);
    await db.$transaction(async (tx) => {
      const learnerId = randomUUID();
      await tx.learner.upsert({ where: { id: learnerId }, create: { id: learnerId }, update: {}, select: { id: true } });
      await tx.submission.create({
        select: { id: true },
        data: {
          id: randomUUID(),
          exerciseId,
          learnerId,
          code: "",
          outcome: "ok",
          verdict: "passed",
          passed: true,
          stdout: "",
          stderr: "",
          message: null,
          errorLine: null,
          exitCode: null,
          truncated: false,
          testResults: null,
          durationMs: 0,
        },
      });
      await tx.submission.groupBy({
        by: ["exerciseId", "passed"],
        where: { learnerId, exerciseId: { in: [exerciseId] }, verdict: { notIn: [...NOT_AN_ATTEMPT] } },
        _count: { _all: true },
      });
      throw new RollBack();
    });
  })().catch((error: unknown) => {
    if (!(error instanceof RollBack)) console.warn("warm-up of the verdict path failed (the first run pays for it instead)", error);
  });
}
