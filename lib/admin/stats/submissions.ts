// The submission browser: one page of submissions, every submission for the CSV export, one
// submission in full, and the lessons and exercises the filters offer.
import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { dateRange } from "../filters";
import { type Scope } from "./sql";

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
