// The most common failures per exercise, grouped after normalising away what differs between runs
// (normalise.ts).
import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { VerdictStatus } from "@/lib/grading/types";
import { normaliseFailure } from "../normalise";
import { dialect, num, scanHint, type Scope, submissionWhere } from "./sql";

export interface ErrorGroup {
  verdict: VerdictStatus;
  text: string;
  count: number;
  learners: number;
  exampleId: string;
}

export interface ExerciseErrors {
  exerciseId: string;
  title: string;
  lessonSlug: string;
  failures: number;
  groups: ErrorGroup[];
}

const MAX_RAW_GROUPS = 20_000;

/** The SQL text a failure is grouped by, with digits removed (SQLite has no regex). */
function failureTextSql(): Prisma.Sql {
  let expr = `CASE s."verdict"
      WHEN 'wrong_output' THEN substr(s."stdout", 1, 200)
      WHEN 'tests_failed' THEN substr(COALESCE(s."testResults", ''), 1, 600)
      WHEN 'compile_error' THEN substr(COALESCE(s."message", ''), 1, 300)
      WHEN 'runtime_error' THEN substr(COALESCE(s."message", ''), 1, 300)
      ELSE '' END`;
  for (let d = 0; d <= 9; d++) expr = `replace(${expr}, '${d}', '')`;
  return Prisma.raw(expr);
}

/**
 * Failing runs per exercise, grouped by their normalised message or output. SQLite groups the
 * digit-stripped text; the few distinct groups are then normalised further and merged here.
 */
export async function getCommonErrors(scope: Scope, perExercise = 8): Promise<{ exercises: ExerciseErrors[]; truncated: boolean }> {
  const where = submissionWhere(scope);
  const text = failureTextSql();
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT s."exerciseId" AS "exerciseId", s."verdict" AS verdict, ${text} AS k, COUNT(*) AS n,
           ${dialect.distinctList('s."learnerId"')} AS learners, MIN(s."id") AS example,
           MIN(CASE s."verdict" WHEN 'wrong_output' THEN substr(s."stdout", 1, 200) WHEN 'tests_failed' THEN substr(COALESCE(s."testResults", ''), 1, 600) ELSE substr(COALESCE(s."message", ''), 1, 300) END) AS sample
    FROM "Submission" s ${scanHint(scope)} WHERE ${where} AND NOT s."passed"
    GROUP BY s."exerciseId", s."verdict", k ORDER BY n DESC LIMIT ${MAX_RAW_GROUPS + 1}`;
  const truncated = rows.length > MAX_RAW_GROUPS;
  const merged = new Map<string, Map<string, ErrorGroup & { learnerIds: Set<string> }>>();
  const failures = new Map<string, number>();
  for (const r of rows.slice(0, MAX_RAW_GROUPS)) {
    const exerciseId = String(r.exerciseId);
    const verdict = String(r.verdict) as VerdictStatus;
    const normalised = normaliseFailure(verdict, r.sample === null ? "" : String(r.sample));
    const groupKey = `${verdict}\u0000${normalised}`;
    let groups = merged.get(exerciseId);
    if (!groups) merged.set(exerciseId, (groups = new Map()));
    const n = num(r.n);
    failures.set(exerciseId, (failures.get(exerciseId) ?? 0) + n);
    const learnerIds = String(r.learners ?? "").split(",");
    const g = groups.get(groupKey);
    if (g) {
      g.count += n;
      for (const id of learnerIds) g.learnerIds.add(id);
      g.learners = g.learnerIds.size;
    } else {
      groups.set(groupKey, { verdict, text: normalised, count: n, learners: new Set(learnerIds).size, learnerIds: new Set(learnerIds), exampleId: String(r.example) });
    }
  }
  const exercises = await db.exercise.findMany({
    where: { id: { in: [...merged.keys()] } },
    select: { id: true, title: true, position: true, lesson: { select: { slug: true, position: true } } },
  });
  exercises.sort((a, b) => a.lesson.position - b.lesson.position || a.position - b.position);
  return {
    truncated,
    exercises: exercises.map((e) => ({
      exerciseId: e.id,
      title: e.title,
      lessonSlug: e.lesson.slug,
      failures: failures.get(e.id) ?? 0,
      groups: [...(merged.get(e.id)?.values() ?? [])]
        .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text))
        .slice(0, perExercise)
        .map((g) => ({ verdict: g.verdict, text: g.text, count: g.count, learners: g.learners, exampleId: g.exampleId })),
    })),
  };
}
