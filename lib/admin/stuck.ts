// Who is stuck on an exercise: the learners with the most failed attempts and no pass, how long
// they have been at it, and their latest submission (code and verdict), for the exercise's page.
import "server-only";
import { db } from "@/lib/db";
import { NOT_AN_ATTEMPT } from "@/lib/grading/types";

export interface StuckLearner {
  learnerId: string;
  learnerName: string | null;
  failedAttempts: number;
  firstAttemptAt: Date;
  lastAttemptAt: Date;
  /** From the first attempt to the latest one. */
  secondsAtIt: number;
  latest: { id: string; verdict: string; message: string | null; firstLine: string };
}

export interface ExerciseSummary {
  id: string;
  title: string;
  archived: boolean;
  lessonSlug: string;
  lessonTitle: string;
  attempts: number;
  learners: number;
  learnersPassed: number;
}

export async function getExerciseSummary(id: string): Promise<ExerciseSummary | null> {
  if (id.length > 100) return null;
  const exercise = await db.exercise.findUnique({ where: { id }, select: { id: true, title: true, archivedAt: true, lesson: { select: { slug: true, title: true } } } });
  if (!exercise) return null;
  const counted = { exerciseId: id, verdict: { notIn: [...NOT_AN_ATTEMPT] } };
  const [attempts, learners, passed] = await Promise.all([
    db.submission.count({ where: counted }),
    db.submission.groupBy({ by: ["learnerId"], where: counted }).then((rows) => rows.length),
    db.submission.groupBy({ by: ["learnerId"], where: { exerciseId: id, passed: true } }).then((rows) => rows.length),
  ]);
  return {
    id: exercise.id, title: exercise.title, archived: exercise.archivedAt !== null, lessonSlug: exercise.lesson.slug, lessonTitle: exercise.lesson.title,
    attempts, learners, learnersPassed: passed,
  };
}

/** Learners with at least one counted failure on the exercise and no pass, most failures first. */
export async function getStuckLearners(exerciseId: string, limit = 50): Promise<StuckLearner[]> {
  const passed = await db.submission.groupBy({ by: ["learnerId"], where: { exerciseId, passed: true } });
  const groups = await db.submission.groupBy({
    by: ["learnerId"],
    where: { exerciseId, passed: false, verdict: { notIn: [...NOT_AN_ATTEMPT] }, learnerId: { notIn: passed.map((p) => p.learnerId) } },
    _count: { _all: true },
    _min: { createdAt: true },
    _max: { createdAt: true },
    orderBy: [{ _count: { learnerId: "desc" } }, { _max: { createdAt: "desc" } }],
    take: limit,
  });
  return Promise.all(
    groups.map(async (g) => {
      const latest = await db.submission.findFirst({
        where: { exerciseId, learnerId: g.learnerId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { id: true, verdict: true, message: true, code: true, learner: { select: { username: true } } },
      });
      const first = g._min.createdAt ?? new Date(0);
      const last = g._max.createdAt ?? first;
      return {
        learnerId: g.learnerId,
        learnerName: latest?.learner.username ?? null,
        failedAttempts: g._count._all,
        firstAttemptAt: first,
        lastAttemptAt: last,
        secondsAtIt: Math.round((last.getTime() - first.getTime()) / 1000),
        latest: {
          id: latest?.id ?? "",
          verdict: latest?.verdict ?? "",
          message: latest?.message ?? null,
          firstLine: (latest?.code ?? "").split("\n").find((l) => l.trim() !== "")?.trim().slice(0, 80) ?? "",
        },
      };
    }),
  );
}
