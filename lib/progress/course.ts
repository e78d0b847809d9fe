// The course as one learner sees it: the four parts in order, with their introduction pages'
// titles and summaries, every published lesson in its part with its minutes and prerequisites,
// which exercises the learner has solved (per lesson, per part, in all), and the next exercise to do.
import "server-only";
import { db } from "@/lib/db";
import { getPartPages } from "@/lib/lessons/content";
import { PARTS, type Part } from "@/lib/lessons/parse";

export interface LessonLink {
  slug: string;
  title: string;
}

export interface LessonProgress {
  slug: string;
  title: string;
  summary: string;
  minutes: number;
  /** The lesson's part; null for a row synced before lessons had parts. */
  part: string | null;
  /** Lessons to read first, in the author's order, with their titles. */
  prerequisites: LessonLink[];
  exercises: { id: string; title: string; solved: boolean }[];
  solved: number;
}

export interface PartProgress {
  slug: Part;
  title: string;
  summary: string | null;
  /** Whether content/parts/<slug>.mdx exists, so /parts/<slug> can be linked. */
  hasPage: boolean;
  lessons: LessonProgress[];
  minutes: number;
  total: number;
  solved: number;
}

export interface CourseProgress {
  lessons: LessonProgress[];
  /** The four parts in course order, each with its lessons (a part may have none yet). */
  parts: PartProgress[];
  total: number;
  solved: number;
  /** The first unsolved exercise in course order, or null when all are solved. */
  next: { lessonSlug: string; lessonTitle: string; exerciseId: string; exerciseTitle: string } | null;
}

/** Titles for a part whose introduction page is not written yet. */
const PART_TITLES: Record<Part, string> = {
  basics: "Basics",
  "data-and-functions": "Data and functions",
  abstractions: "Abstractions",
  otp: "Concurrency and OTP",
};

export interface PartPageInfo {
  slug: string;
  title: string;
  summary: string;
}

/** Ids of the exercises this learner has passed at least once (none for a visitor with no cookie). */
export async function solvedExerciseIds(learnerId: string | null): Promise<Set<string>> {
  if (!learnerId) return new Set();
  const passed = await db.submission.findMany({ where: { learnerId, passed: true }, distinct: ["exerciseId"], select: { exerciseId: true } });
  return new Set(passed.map((p) => p.exerciseId));
}

export async function getCourseProgress(learnerId: string | null): Promise<CourseProgress> {
  const [lessons, solvedIds, partPages] = await Promise.all([
    db.lesson.findMany({
      where: { draft: false, kind: "lesson" },
      orderBy: { position: "asc" },
      select: {
        slug: true,
        title: true,
        summary: true,
        minutes: true,
        part: true,
        prerequisites: true,
        exercises: { where: { archivedAt: null }, orderBy: { position: "asc" }, select: { id: true, title: true } },
      },
    }),
    solvedExerciseIds(learnerId),
    getPartPages(),
  ]);
  const pages = partPages.map((p) => ({ slug: p.frontmatter.slug, title: p.frontmatter.title, summary: p.frontmatter.summary }));
  return summarize(
    lessons.map((l) => ({ ...l, prerequisites: parseSlugs(l.prerequisites) })),
    solvedIds,
    pages,
  );
}

/** The prerequisites column: a JSON array of slugs; anything else reads as none. */
export function parseSlugs(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((s): s is string => typeof s === "string") : [];
  } catch {
    return [];
  }
}

type LessonRow = {
  slug: string;
  title: string;
  summary: string;
  minutes: number;
  part?: string | null;
  prerequisites?: string[];
  exercises: { id: string; title: string }[];
};

export function summarize(lessons: LessonRow[], solvedIds: Set<string>, partPages: PartPageInfo[] = []): CourseProgress {
  const titles = new Map(lessons.map((l) => [l.slug, l.title]));
  let next: CourseProgress["next"] = null;
  const out = lessons.map((lesson): LessonProgress => {
    const exercises = lesson.exercises.map((e) => ({ ...e, solved: solvedIds.has(e.id) }));
    const unsolved = exercises.find((e) => !e.solved);
    if (!next && unsolved) next = { lessonSlug: lesson.slug, lessonTitle: lesson.title, exerciseId: unsolved.id, exerciseTitle: unsolved.title };
    // A prerequisite that is not published (a draft) is left out rather than linked to a 404.
    const prerequisites = (lesson.prerequisites ?? []).flatMap((slug) => {
      const title = titles.get(slug);
      return title ? [{ slug, title }] : [];
    });
    return { ...lesson, part: lesson.part ?? null, prerequisites, exercises, solved: exercises.filter((e) => e.solved).length };
  });
  const parts = PARTS.map((slug): PartProgress => {
    const page = partPages.find((p) => p.slug === slug);
    const inPart = out.filter((l) => l.part === slug);
    return {
      slug,
      title: page?.title ?? PART_TITLES[slug],
      summary: page?.summary ?? null,
      hasPage: page !== undefined,
      lessons: inPart,
      minutes: inPart.reduce((n, l) => n + l.minutes, 0),
      total: inPart.reduce((n, l) => n + l.exercises.length, 0),
      solved: inPart.reduce((n, l) => n + l.solved, 0),
    };
  });
  return {
    lessons: out,
    parts,
    total: out.reduce((n, l) => n + l.exercises.length, 0),
    solved: out.reduce((n, l) => n + l.solved, 0),
    next,
  };
}

/** Whole percent, 0 for an empty lesson. */
export function percent(solved: number, total: number): number {
  return total === 0 ? 0 : Math.round((solved / total) * 100);
}
