// Per lesson and per exercise: attempts, learners, pass rates, time to solve, hints and solutions
// viewed, in one scan of the submissions per table.
import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { VerdictStatus } from "@/lib/grading/types";
import { dialect, num, numOrNull, rate, scanHint, type Scope, submissionWhere, usageWhere } from "./sql";

export interface GroupStats {
  attempts: number;
  passes: number;
  passRate: number | null;
  learners: number;
  learnersWhoPassed: number;
  /** Median over learners who passed of the number of attempts up to and including the first pass. */
  medianAttemptsToPass: number | null;
  /** Median over learners who passed of the seconds from their first attempt to their first pass. */
  medianSecondsToPass: number | null;
  hintLearners: number;
  hintReveals: number;
  solutionViews: number;
  /** Submissions by verdict, busy/unavailable included (shown as not counted). */
  verdicts: Partial<Record<VerdictStatus, number>>;
}

const emptyGroup = (): GroupStats => ({
  attempts: 0, passes: 0, passRate: null, learners: 0, learnersWhoPassed: 0, medianAttemptsToPass: null,
  medianSecondsToPass: null, hintLearners: 0, hintReveals: 0, solutionViews: 0, verdicts: {},
});

/**
 * Per exercise and per lesson, in one pass: per learner and exercise the attempts, passes,
 * attempts up to the first pass and seconds from the first attempt to it; then sums, distinct
 * learners and medians per group. Outcome counts, hint and solution usage come from small
 * grouped queries; lessons add up their exercises' counts where counts are additive.
 */
async function groupStats(scope: Scope): Promise<{ lessons: Map<string, GroupStats>; exercises: Map<string, GroupStats> }> {
  const scoped = { ...scope, verdict: undefined };
  const counted = submissionWhere(scoped);
  const countedInner = submissionWhere(scoped, { alias: "s2" });
  const all = submissionWhere(scoped, { counted: false });
  const usage = usageWhere(scope);
  const [groups, verdicts, hints, solutions] = await Promise.all([
    db.$queryRaw<Record<string, unknown>[]>`
      WITH firsts AS MATERIALIZED (
        SELECT s."learnerId" AS learner, s."exerciseId" AS exercise, COUNT(*) AS attempts, SUM(CASE WHEN s."passed" THEN 1 ELSE 0 END) AS passes,
               MIN(s."createdAt") AS first_at, MIN(CASE WHEN s."passed" THEN s."createdAt" END) AS first_pass
        FROM "Submission" s ${scanHint(scope)} WHERE ${counted} GROUP BY s."learnerId", s."exerciseId"
      ), pairs AS MATERIALIZED (
        SELECT f.learner, f.exercise, e."lessonId" AS lesson, f.attempts, f.passes,
               CASE WHEN f.first_pass IS NULL THEN NULL ELSE (
                 SELECT COUNT(*) FROM "Submission" s2 ${dialect.indexHints ? Prisma.raw("INDEXED BY Submission_learnerId_exerciseId_createdAt_verdict_passed_idx") : Prisma.empty}
                 WHERE s2."learnerId" = f.learner AND s2."exerciseId" = f.exercise AND s2."createdAt" <= f.first_pass AND ${countedInner}
               ) END AS tries,
               ${dialect.seconds("f.first_at", "f.first_pass")} AS secs
        FROM firsts f JOIN "Exercise" e ON e."id" = f.exercise
      ), keyed AS (
        SELECT 'exercise' AS lvl, exercise AS k, learner, attempts, passes, tries, secs FROM pairs
        UNION ALL
        SELECT 'lesson' AS lvl, lesson AS k, learner, attempts, passes, tries, secs FROM pairs
      ), sums AS (
        SELECT lvl, k, SUM(attempts) AS attempts, SUM(passes) AS passes, COUNT(DISTINCT learner) AS learners,
               COUNT(DISTINCT CASE WHEN passes > 0 THEN learner END) AS solvers
        FROM keyed GROUP BY lvl, k
      ), ranked AS (
        SELECT lvl, k, tries, secs,
               ROW_NUMBER() OVER (PARTITION BY lvl, k ORDER BY tries) AS rt,
               ROW_NUMBER() OVER (PARTITION BY lvl, k ORDER BY secs) AS rs,
               COUNT(*) OVER (PARTITION BY lvl, k) AS c
        FROM keyed WHERE tries IS NOT NULL
      ), medians AS (
        SELECT lvl, k, AVG(CASE WHEN rt IN ((c + 1) / 2, (c + 2) / 2) THEN tries END) AS tries,
               AVG(CASE WHEN rs IN ((c + 1) / 2, (c + 2) / 2) THEN secs END) AS secs
        FROM ranked GROUP BY lvl, k
      )
      SELECT sums.*, medians.tries AS tries, medians.secs AS secs
      FROM sums LEFT JOIN medians ON medians.lvl = sums.lvl AND medians.k = sums.k`,
    db.$queryRaw<Record<string, unknown>[]>`
      SELECT s."exerciseId" AS k, s."verdict" AS verdict, COUNT(*) AS n FROM "Submission" s WHERE ${all} GROUP BY s."exerciseId", s."verdict"`,
    db.$queryRaw<Record<string, unknown>[]>`
      SELECT 'exercise' AS lvl, t."exerciseId" AS k, COUNT(DISTINCT t."learnerId") AS learners, COUNT(*) AS reveals
      FROM "HintReveal" t WHERE ${usage} GROUP BY t."exerciseId"
      UNION ALL
      SELECT 'lesson' AS lvl, e."lessonId" AS k, COUNT(DISTINCT t."learnerId") AS learners, COUNT(*) AS reveals
      FROM "HintReveal" t JOIN "Exercise" e ON e."id" = t."exerciseId" WHERE ${usage} GROUP BY e."lessonId"`,
    db.$queryRaw<Record<string, unknown>[]>`
      SELECT t."exerciseId" AS k, COUNT(*) AS views FROM "SolutionView" t WHERE ${usage} GROUP BY t."exerciseId"`,
  ]);
  const maps = { lesson: new Map<string, GroupStats>(), exercise: new Map<string, GroupStats>() };
  const get = (lvl: unknown, k: unknown): GroupStats => {
    const map = lvl === "lesson" ? maps.lesson : maps.exercise;
    let g = map.get(String(k));
    if (!g) map.set(String(k), (g = emptyGroup()));
    return g;
  };
  for (const r of groups) {
    const g = get(r.lvl, r.k);
    g.attempts = num(r.attempts);
    g.passes = num(r.passes);
    g.passRate = rate(g.passes, g.attempts);
    g.learners = num(r.learners);
    g.learnersWhoPassed = num(r.solvers);
    g.medianAttemptsToPass = numOrNull(r.tries);
    g.medianSecondsToPass = r.secs === null || r.secs === undefined ? null : Math.round(num(r.secs));
  }
  for (const r of verdicts) get("exercise", r.k).verdicts[String(r.verdict) as VerdictStatus] = num(r.n);
  for (const r of hints) {
    const g = get(r.lvl, r.k);
    g.hintLearners = num(r.learners);
    g.hintReveals = num(r.reveals);
  }
  for (const r of solutions) get("exercise", r.k).solutionViews = num(r.views);
  return { lessons: maps.lesson, exercises: maps.exercise };
}

export interface ExerciseRow extends GroupStats {
  id: string;
  title: string;
  lessonSlug: string;
  archived: boolean;
}

export interface LessonRow extends GroupStats {
  id: string;
  slug: string;
  title: string;
  position: number;
  draft: boolean;
  exercises: ExerciseRow[];
}

/** Every lesson with its exercises (archived ones only when they have data in scope), in course order. */
export async function getLessonTable(scope: Scope): Promise<LessonRow[]> {
  const [lessons, { lessons: byLesson, exercises: byExercise }] = await Promise.all([
    db.lesson.findMany({
      where: scope.lesson ? { slug: scope.lesson } : {},
      orderBy: { position: "asc" },
      select: { id: true, slug: true, title: true, position: true, draft: true, exercises: { orderBy: { position: "asc" }, select: { id: true, title: true, archivedAt: true } } },
    }),
    groupStats(scope),
  ]);
  // Outcome counts and solution views add up from exercises to their lesson.
  for (const l of lessons) {
    const g = byLesson.get(l.id) ?? emptyGroup();
    byLesson.set(l.id, g);
    for (const e of l.exercises) {
      const x = byExercise.get(e.id);
      if (!x) continue;
      g.solutionViews += x.solutionViews;
      for (const [v, n] of Object.entries(x.verdicts)) g.verdicts[v as VerdictStatus] = (g.verdicts[v as VerdictStatus] ?? 0) + n;
    }
  }
  return lessons.map((l) => ({
    ...(byLesson.get(l.id) ?? emptyGroup()),
    id: l.id,
    slug: l.slug,
    title: l.title,
    position: l.position,
    draft: l.draft,
    exercises: l.exercises
      .filter((e) => (!scope.exercise || e.id === scope.exercise) && (!e.archivedAt || byExercise.has(e.id)))
      .map((e) => ({ ...(byExercise.get(e.id) ?? emptyGroup()), id: e.id, title: e.title, lessonSlug: l.slug, archived: e.archivedAt !== null })),
  }));
}
