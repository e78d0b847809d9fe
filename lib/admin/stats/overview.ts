// The dashboard's overview: totals, submissions per day and the busiest hours, each aggregated in
// the database (one scan per figure, using the Submission indexes).
import "server-only";
import { db } from "@/lib/db";
import { dateRange } from "../filters";
import { dialect, notCounted, num, rate, scanHint, type Scope, submissionWhere } from "./sql";

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
