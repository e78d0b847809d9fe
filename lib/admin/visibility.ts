// Lessons learners no longer see (a deleted file, or a draft) and archived exercises are left out
// of the dashboard's tables, charts and filter menus by default; `?hidden=1` shows them again.
import "server-only";
import { db } from "@/lib/db";
import type { SearchParams } from "./filters";

export interface Hidden {
  /** Whether the page shows hidden lessons and archived exercises (`?hidden=1`). */
  shown: boolean;
  lessonSlugs: Set<string>;
  exerciseIds: Set<string>;
}

export async function getHidden(params: SearchParams): Promise<Hidden> {
  const shown = params.hidden === "1";
  const [lessons, exercises] = await Promise.all([
    db.lesson.findMany({ where: { draft: true }, select: { slug: true } }),
    db.exercise.findMany({ where: { OR: [{ archivedAt: { not: null } }, { lesson: { draft: true } }] }, select: { id: true } }),
  ]);
  return { shown, lessonSlugs: new Set(lessons.map((l) => l.slug)), exerciseIds: new Set(exercises.map((e) => e.id)) };
}

/** Keeps what a learner can see, unless hidden things are shown. */
export function visibleLessons<T extends { slug: string }>(rows: T[], hidden: Hidden): T[] {
  return hidden.shown ? rows : rows.filter((r) => !hidden.lessonSlugs.has(r.slug));
}

export function visibleExercises<T extends { id: string }>(rows: T[], hidden: Hidden): T[] {
  return hidden.shown ? rows : rows.filter((r) => !hidden.exerciseIds.has(r.id));
}

/** The filter menus' options without hidden lessons and exercises. */
export function visibleOptions<O extends { lessons: { slug: string }[]; exercises: { id: string }[] }>(options: O, hidden: Hidden): O {
  return { ...options, lessons: visibleLessons(options.lessons, hidden), exercises: visibleExercises(options.exercises, hidden) };
}
