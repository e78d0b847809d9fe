// The dashboard's statistics. Everything is aggregated in the database (one scan per figure, using
// the Submission indexes); only per-day, per-hour, per-lesson and per-exercise rows reach JS.
// Attempts and pass rates leave out "busy" and "unavailable" runs: those are not the learner's fault.
// The raw SQL runs on SQLite and PostgreSQL alike and gives the same answers on both (the stats
// integration tests run on each): identifiers are quoted (PostgreSQL folds unquoted ones to lower
// case), booleans are tested as booleans, and the few functions the two spell differently (dates,
// string aggregation, SQLite's index hints) come from `dialect` below.
import "server-only";
import { DATABASE_KIND, db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { NOT_AN_ATTEMPT, type VerdictStatus } from "@/lib/grading/types";
import { dateRange, type Filters, VERDICTS } from "./filters";
import { normaliseFailure } from "./normalise";

type Scope = Pick<Filters, "from" | "to" | "lesson" | "exercise" | "learner" | "verdict">;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const notCounted = Prisma.join(NOT_AN_ATTEMPT.map((v) => Prisma.sql`${v}`));

/** SQL that SQLite and PostgreSQL spell differently. Timestamps are UTC on both. */
const dialect =
  DATABASE_KIND === "postgres"
    ? {
        day: (column: string) => Prisma.raw(`to_char(${column}, 'YYYY-MM-DD')`),
        hour: (column: string) => Prisma.raw(`CAST(EXTRACT(HOUR FROM ${column}) AS INTEGER)`),
        seconds: (from: string, to: string) => Prisma.raw(`EXTRACT(EPOCH FROM (${to} - ${from}))`),
        distinctList: (column: string) => Prisma.raw(`string_agg(DISTINCT ${column}, ',')`),
        indexHints: false,
      }
    : {
        // Prisma stores SQLite DateTimes as ISO 8601 text (…T…Z).
        day: (column: string) => Prisma.raw(`substr(${column}, 1, 10)`),
        hour: (column: string) => Prisma.raw(`CAST(substr(${column}, 12, 2) AS INTEGER)`),
        seconds: (from: string, to: string) => Prisma.raw(`(julianday(${to}) - julianday(${from})) * 86400.0`),
        distinctList: (column: string) => Prisma.raw(`GROUP_CONCAT(DISTINCT ${column})`),
        indexHints: true,
      };

/** WHERE conditions on Submission `s` for the scope; `counted` drops busy/unavailable runs. */
function submissionWhere(scope: Scope, { counted = true, alias = "s" }: { counted?: boolean; alias?: "s" | "s2" } = {}): Prisma.Sql {
  const s = Prisma.raw(alias);
  const parts: Prisma.Sql[] = [Prisma.sql`1 = 1`];
  if (counted) parts.push(Prisma.sql`${s}."verdict" NOT IN (${notCounted})`);
  const { from, toExclusive } = dateRange(scope);
  if (from) parts.push(Prisma.sql`${s}."createdAt" >= ${from}`);
  if (toExclusive) parts.push(Prisma.sql`${s}."createdAt" < ${toExclusive}`);
  if (scope.exercise) parts.push(Prisma.sql`${s}."exerciseId" = ${scope.exercise}`);
  if (scope.lesson) parts.push(Prisma.sql`${s}."exerciseId" IN (SELECT e2."id" FROM "Exercise" e2 JOIN "Lesson" l2 ON l2."id" = e2."lessonId" WHERE l2."slug" = ${scope.lesson})`);
  if (scope.learner) parts.push(Prisma.sql`(${s}."learnerId" = ${scope.learner} OR ${s}."learnerId" IN (SELECT "id" FROM "Learner" WHERE "username" = ${scope.learner}))`);
  if (scope.verdict) parts.push(Prisma.sql`${s}."verdict" = ${scope.verdict}`);
  return Prisma.join(parts, " AND ");
}

/** The same date, lesson and exercise scope for HintReveal / SolutionView rows `t`. */
function usageWhere(scope: Scope): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`1 = 1`];
  const { from, toExclusive } = dateRange(scope);
  if (from) parts.push(Prisma.sql`t."createdAt" >= ${from}`);
  if (toExclusive) parts.push(Prisma.sql`t."createdAt" < ${toExclusive}`);
  if (scope.exercise) parts.push(Prisma.sql`t."exerciseId" = ${scope.exercise}`);
  if (scope.lesson) parts.push(Prisma.sql`t."exerciseId" IN (SELECT e2."id" FROM "Exercise" e2 JOIN "Lesson" l2 ON l2."id" = e2."lessonId" WHERE l2."slug" = ${scope.lesson})`);
  return Prisma.join(parts, " AND ");
}

const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

// ---------------------------------------------------------------- overview

export interface Overview {
  attempts: number;
  passes: number;
  passRate: number | null;
  activeLearners: number;
  learnersWhoPassed: number;
  newLearners: number;
  notCounted: number;
}

export async function getOverview(scope: Scope): Promise<Overview> {
  const where = submissionWhere({ ...scope, verdict: undefined }, { counted: false });
  const { from, toExclusive } = dateRange(scope);
  const [rows, newLearners] = await Promise.all([
    db.$queryRaw<Record<string, unknown>[]>`
      SELECT SUM(CASE WHEN s."verdict" IN (${notCounted}) THEN 0 ELSE 1 END) AS attempts,
             SUM(CASE WHEN s."passed" THEN 1 ELSE 0 END) AS passes,
             COUNT(DISTINCT CASE WHEN s."verdict" IN (${notCounted}) THEN NULL ELSE s."learnerId" END) AS learners,
             COUNT(DISTINCT CASE WHEN s."passed" THEN s."learnerId" END) AS solvers,
             SUM(CASE WHEN s."verdict" IN (${notCounted}) THEN 1 ELSE 0 END) AS "notCounted"
      FROM "Submission" s ${scanHint(scope)} WHERE ${where}`,
    db.learner.count({ where: { createdAt: { ...(from ? { gte: from } : {}), ...(toExclusive ? { lt: toExclusive } : {}) } } }),
  ]);
  const r = rows[0] ?? {};
  const attempts = num(r.attempts);
  const passes = num(r.passes);
  return {
    attempts,
    passes,
    passRate: rate(passes, attempts),
    activeLearners: num(r.learners),
    learnersWhoPassed: num(r.solvers),
    newLearners,
    notCounted: num(r.notCounted),
  };
}

export interface DayRow {
  day: string;
  attempts: number;
  passes: number;
  learners: number;
}

/** Submissions per UTC day; days without any are filled with zeros. */
export async function getSubmissionsPerDay(scope: Scope): Promise<DayRow[]> {
  const where = submissionWhere({ ...scope, verdict: undefined });
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT ${dialect.day('s."createdAt"')} AS day, COUNT(*) AS attempts, SUM(CASE WHEN s."passed" THEN 1 ELSE 0 END) AS passes, COUNT(DISTINCT s."learnerId") AS learners
    FROM "Submission" s ${scanHint(scope)} WHERE ${where} GROUP BY day ORDER BY day`;
  const byDay = new Map(rows.map((r) => [String(r.day), { day: String(r.day), attempts: num(r.attempts), passes: num(r.passes), learners: num(r.learners) }]));
  const first = scope.from ?? rows[0]?.day;
  const last = scope.to ?? rows.at(-1)?.day;
  if (!first || !last) return [];
  const out: DayRow[] = [];
  for (let t = Date.parse(`${String(first)}T00:00:00Z`); t <= Date.parse(`${String(last)}T00:00:00Z`) && out.length < 3700; t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push(byDay.get(day) ?? { day, attempts: 0, passes: 0, learners: 0 });
  }
  return out;
}

export interface HourRow {
  hour: number;
  attempts: number;
  passes: number;
}

/** Submissions by hour of the day (UTC), all 24 hours. */
export async function getBusiestHours(scope: Scope): Promise<HourRow[]> {
  const where = submissionWhere({ ...scope, verdict: undefined });
  const rows = await db.$queryRaw<Record<string, unknown>[]>`
    SELECT ${dialect.hour('s."createdAt"')} AS hour, COUNT(*) AS attempts, SUM(CASE WHEN s."passed" THEN 1 ELSE 0 END) AS passes
    FROM "Submission" s ${scanHint(scope)} WHERE ${where} GROUP BY hour`;
  const byHour = new Map(rows.map((r) => [num(r.hour), r]));
  return Array.from({ length: 24 }, (_, hour) => ({ hour, attempts: num(byHour.get(hour)?.attempts), passes: num(byHour.get(hour)?.passes) }));
}

// ---------------------------------------------------------------- per lesson / per exercise

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
 * Which index a scan of Submission `s` uses. SQLite's planner likes walking an index to avoid a
 * sort, which costs a row look-up per submission; a plain table scan is several times faster
 * unless a filter narrows the rows (measured with test/scripts/bench-admin.ts). PostgreSQL has no hints
 * (and its planner weighs this itself).
 */
function scanHint(scope: Scope): Prisma.Sql {
  if (!dialect.indexHints || scope.learner) return Prisma.empty;
  if (scope.exercise) return Prisma.raw("INDEXED BY Submission_exerciseId_createdAt_idx");
  if (scope.from || scope.to) return Prisma.raw("INDEXED BY Submission_createdAt_idx");
  return Prisma.raw("NOT INDEXED");
}

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

// ---------------------------------------------------------------- funnel

export interface FunnelRow {
  slug: string;
  title: string;
  exercises: number;
  started: number;
  finished: number;
  finishRate: number | null;
  /** Started this lesson, as a share of the learners who started the first lesson. */
  retained: number | null;
  /** Started but did not finish this lesson. */
  droppedHere: number;
}

/** Learners who started (any counted run) and finished (passed every current exercise) each lesson. */
export async function getFunnel(scope: Pick<Filters, "from" | "to">): Promise<FunnelRow[]> {
  const counted = submissionWhere(scope);
  const [lessons, started, finished] = await Promise.all([
    db.lesson.findMany({ orderBy: { position: "asc" }, select: { id: true, slug: true, title: true, _count: { select: { exercises: { where: { archivedAt: null } } } } } }),
    db.$queryRaw<Record<string, unknown>[]>`
      SELECT e."lessonId" AS k, COUNT(DISTINCT s."learnerId") AS n
      FROM "Submission" s ${scanHint(scope)} JOIN "Exercise" e ON e."id" = s."exerciseId" WHERE ${counted} GROUP BY e."lessonId"`,
    db.$queryRaw<Record<string, unknown>[]>`
      WITH solved AS (
        SELECT e."lessonId" AS k, s."learnerId" AS learner, COUNT(DISTINCT s."exerciseId") AS n
        FROM "Submission" s ${scanHint(scope)} JOIN "Exercise" e ON e."id" = s."exerciseId"
        WHERE ${counted} AND s."passed" AND e."archivedAt" IS NULL GROUP BY e."lessonId", s."learnerId"
      ), totals AS (SELECT "lessonId" AS k, COUNT(*) AS n FROM "Exercise" WHERE "archivedAt" IS NULL GROUP BY "lessonId")
      SELECT solved.k AS k, COUNT(*) AS n FROM solved JOIN totals ON totals.k = solved.k AND solved.n = totals.n GROUP BY solved.k`,
  ]);
  const startedBy = new Map(started.map((r) => [String(r.k), num(r.n)]));
  const finishedBy = new Map(finished.map((r) => [String(r.k), num(r.n)]));
  const visible = lessons.filter((l) => l._count.exercises > 0 || startedBy.has(l.id));
  const firstStarted = visible.length > 0 ? (startedBy.get(visible[0]!.id) ?? 0) : 0;
  return visible.map((l) => {
    const s = startedBy.get(l.id) ?? 0;
    const f = finishedBy.get(l.id) ?? 0;
    return { slug: l.slug, title: l.title, exercises: l._count.exercises, started: s, finished: f, finishRate: rate(f, s), retained: rate(s, firstStarted), droppedHere: s - f };
  });
}

// ---------------------------------------------------------------- common errors

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

// ---------------------------------------------------------------- submission browser

export const PAGE_SIZE = 50;

function submissionPrismaWhere(scope: Scope): Prisma.SubmissionWhereInput {
  const { from, toExclusive } = dateRange(scope);
  return {
    ...(from || toExclusive ? { createdAt: { ...(from ? { gte: from } : {}), ...(toExclusive ? { lt: toExclusive } : {}) } } : {}),
    ...(scope.exercise ? { exerciseId: scope.exercise } : {}),
    ...(scope.lesson ? { exercise: { lesson: { slug: scope.lesson } } } : {}),
    ...(scope.verdict ? { verdict: scope.verdict } : {}),
    ...(scope.learner ? { OR: [{ learnerId: scope.learner }, { learner: { username: scope.learner } }] } : {}),
  };
}

export interface SubmissionListRow {
  id: string;
  createdAt: Date;
  learnerId: string;
  learnerName: string | null;
  exerciseId: string;
  exerciseTitle: string;
  lessonSlug: string;
  verdict: string;
  durationMs: number;
  message: string | null;
}

const listSelect = {
  id: true, createdAt: true, learnerId: true, exerciseId: true, verdict: true, durationMs: true, message: true,
  learner: { select: { username: true } },
  exercise: { select: { title: true, lesson: { select: { slug: true } } } },
} as const;

type ListRecord = Prisma.SubmissionGetPayload<{ select: typeof listSelect }>;

const toListRow = (s: ListRecord): SubmissionListRow => ({
  id: s.id, createdAt: s.createdAt, learnerId: s.learnerId, learnerName: s.learner.username, exerciseId: s.exerciseId,
  exerciseTitle: s.exercise.title, lessonSlug: s.exercise.lesson.slug, verdict: s.verdict, durationMs: s.durationMs,
  message: s.message ? s.message.slice(0, 200) : null,
});

export async function listSubmissions(scope: Scope, page: number): Promise<{ rows: SubmissionListRow[]; total: number; pages: number }> {
  const where = submissionPrismaWhere(scope);
  const [total, rows] = await Promise.all([
    db.submission.count({ where }),
    db.submission.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE, select: listSelect }),
  ]);
  return { total, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), rows: rows.map(toListRow) };
}

/** Every matching submission, newest first, in batches (for the CSV export). */
export async function* allSubmissions(scope: Scope, batch = 2_000): AsyncGenerator<SubmissionListRow[]> {
  const where = submissionPrismaWhere(scope);
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.submission.findMany({
      where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: batch, select: listSelect,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (rows.length === 0) return;
    yield rows.map(toListRow);
    cursor = rows.at(-1)!.id;
    if (rows.length < batch) return;
  }
}

export async function getSubmission(id: string) {
  if (id.length > 100) return null;
  return db.submission.findUnique({
    where: { id },
    select: {
      id: true, createdAt: true, code: true, outcome: true, verdict: true, passed: true, stdout: true, stderr: true,
      message: true, errorLine: true, exitCode: true, truncated: true, testResults: true, durationMs: true,
      learnerId: true, learner: { select: { username: true } },
      exercise: { select: { id: true, title: true, check: true, lesson: { select: { slug: true, title: true } } } },
    },
  });
}

/** Lessons and exercises for the filter menus. */
export async function getFilterOptions(): Promise<{ lessons: { slug: string; title: string }[]; exercises: { id: string; title: string; lessonSlug: string }[] }> {
  const lessons = await db.lesson.findMany({
    orderBy: { position: "asc" },
    select: { slug: true, title: true, exercises: { orderBy: { position: "asc" }, select: { id: true, title: true } } },
  });
  return {
    lessons: lessons.map((l) => ({ slug: l.slug, title: l.title })),
    exercises: lessons.flatMap((l) => l.exercises.map((e) => ({ id: e.id, title: e.title, lessonSlug: l.slug }))),
  };
}

export { VERDICTS };
