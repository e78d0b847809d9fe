// The funnel: how many learners reach, attempt and solve each lesson's exercises, in course order.
import "server-only";
import { db } from "@/lib/db";
import { type Filters } from "../filters";
import { num, rate, scanHint, submissionWhere } from "./sql";

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
