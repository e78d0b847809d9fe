// What every statistics query shares: the scope of a figure (the dashboard's filters), the WHERE
// clauses it becomes, and the few SQL functions SQLite and PostgreSQL spell differently. The raw
// SQL of lib/admin/stats/ runs on both and gives the same answers on each (the stats integration
// tests run on each): identifiers are quoted (PostgreSQL folds unquoted ones to lower case),
// booleans are tested as booleans, and dates, string aggregation and SQLite's index hints come
// from `dialect`. Attempts and pass rates leave out the verdicts that are not attempts.
import "server-only";
import { DATABASE_KIND } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { NOT_AN_ATTEMPT } from "@/lib/grading/types";
import { dateRange, type Filters } from "../filters";

export type Scope = Pick<Filters, "from" | "to" | "lesson" | "exercise" | "learner" | "verdict">;

export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const notCounted = Prisma.join(NOT_AN_ATTEMPT.map((v) => Prisma.sql`${v}`));

/** SQL that SQLite and PostgreSQL spell differently. Timestamps are UTC on both. */
export const dialect =
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
export function submissionWhere(scope: Scope, { counted = true, alias = "s" }: { counted?: boolean; alias?: "s" | "s2" } = {}): Prisma.Sql {
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
export function usageWhere(scope: Scope): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`1 = 1`];
  const { from, toExclusive } = dateRange(scope);
  if (from) parts.push(Prisma.sql`t."createdAt" >= ${from}`);
  if (toExclusive) parts.push(Prisma.sql`t."createdAt" < ${toExclusive}`);
  if (scope.exercise) parts.push(Prisma.sql`t."exerciseId" = ${scope.exercise}`);
  if (scope.lesson) parts.push(Prisma.sql`t."exerciseId" IN (SELECT e2."id" FROM "Exercise" e2 JOIN "Lesson" l2 ON l2."id" = e2."lessonId" WHERE l2."slug" = ${scope.lesson})`);
  return Prisma.join(parts, " AND ");
}

export const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * Which index a scan of Submission `s` uses. SQLite's planner likes walking an index to avoid a
 * sort, which costs a row look-up per submission; a plain table scan is several times faster
 * unless a filter narrows the rows (measured with test/scripts/bench-admin.ts). PostgreSQL has no hints
 * (and its planner weighs this itself).
 */
export function scanHint(scope: Scope): Prisma.Sql {
  if (!dialect.indexHints || scope.learner) return Prisma.empty;
  if (scope.exercise) return Prisma.raw("INDEXED BY Submission_exerciseId_createdAt_idx");
  if (scope.from || scope.to) return Prisma.raw("INDEXED BY Submission_createdAt_idx");
  return Prisma.raw("NOT INDEXED");
}
