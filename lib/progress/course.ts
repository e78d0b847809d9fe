// The course as one learner sees it: every published lesson in order, which exercises they have
// solved, and the next exercise to do.
import "server-only";
import { db } from "@/lib/db";

export interface LessonProgress {
  slug: string;
  title: string;
  summary: string;
  minutes: number;
  exercises: { id: string; title: string; solved: boolean }[];
  solved: number;
}

export interface CourseProgress {
  lessons: LessonProgress[];
  total: number;
  solved: number;
  /** The first unsolved exercise in course order, or null when all are solved. */
  next: { lessonSlug: string; lessonTitle: string; exerciseId: string; exerciseTitle: string } | null;
}

export async function getCourseProgress(learnerId: string | null): Promise<CourseProgress> {
  const lessons = await db.lesson.findMany({
    where: { draft: false, kind: "lesson" },
    orderBy: { position: "asc" },
    select: {
      slug: true,
      title: true,
      summary: true,
      minutes: true,
      exercises: { where: { archivedAt: null }, orderBy: { position: "asc" }, select: { id: true, title: true } },
    },
  });
  const passed = learnerId
    ? await db.submission.findMany({ where: { learnerId, passed: true }, distinct: ["exerciseId"], select: { exerciseId: true } })
    : [];
  const solvedIds = new Set(passed.map((p) => p.exerciseId));
  return summarize(lessons, solvedIds);
}

type LessonRow = { slug: string; title: string; summary: string; minutes: number; exercises: { id: string; title: string }[] };

export function summarize(lessons: LessonRow[], solvedIds: Set<string>): CourseProgress {
  let next: CourseProgress["next"] = null;
  const out = lessons.map((lesson): LessonProgress => {
    const exercises = lesson.exercises.map((e) => ({ ...e, solved: solvedIds.has(e.id) }));
    const unsolved = exercises.find((e) => !e.solved);
    if (!next && unsolved) next = { lessonSlug: lesson.slug, lessonTitle: lesson.title, exerciseId: unsolved.id, exerciseTitle: unsolved.title };
    return { ...lesson, exercises, solved: exercises.filter((e) => e.solved).length };
  });
  return {
    lessons: out,
    total: out.reduce((n, l) => n + l.exercises.length, 0),
    solved: out.reduce((n, l) => n + l.solved, 0),
    next,
  };
}

/** Whole percent, 0 for an empty lesson. */
export function percent(solved: number, total: number): number {
  return total === 0 ? 0 : Math.round((solved / total) * 100);
}
