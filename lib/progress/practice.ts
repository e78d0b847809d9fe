// The practice section as one learner sees it: every practice exercise with its difficulty,
// concepts, minutes and prerequisites (read from content/practice/), whether this learner has
// solved it, and the filters of /practice (by concept and by difficulty, from the URL).
import "server-only";
import { getCourse, getPractice } from "@/lib/lessons/content";
import { CONCEPTS, type Concept } from "@/lib/lessons/parse";
import { solvedExerciseIds, type LessonLink } from "./course";

export interface PracticeItem {
  slug: string;
  title: string;
  summary: string;
  difficulty: number;
  concepts: Concept[];
  minutes: number;
  prerequisites: LessonLink[];
  exerciseId: string;
  solved: boolean;
}

export interface PracticeFilter {
  concept: Concept | null;
  difficulty: number | null;
}

export const DIFFICULTIES = [1, 2, 3, 4, 5] as const;

/** Words for the five difficulties, for labels beside the number. */
export const DIFFICULTY_NAMES: Record<number, string> = { 1: "warm-up", 2: "easy", 3: "medium", 4: "hard", 5: "very hard" };

export async function getPracticeList(learnerId: string | null): Promise<PracticeItem[]> {
  const [practice, lessons, solved] = await Promise.all([getPractice(), getCourse(), solvedExerciseIds(learnerId)]);
  const titles = new Map(lessons.map((l) => [l.frontmatter.slug, l.frontmatter.title]));
  return practice.map((p) => ({
    slug: p.frontmatter.slug,
    title: p.frontmatter.title,
    summary: p.frontmatter.summary,
    difficulty: p.frontmatter.difficulty,
    concepts: p.frontmatter.concepts,
    minutes: p.frontmatter.minutes,
    prerequisites: p.frontmatter.prerequisites.flatMap((slug) => {
      const title = titles.get(slug);
      return title ? [{ slug, title }] : [];
    }),
    exerciseId: p.exercise.id,
    solved: solved.has(p.exercise.id),
  }));
}

/** The filter in /practice's search params; unknown or repeated values are ignored. */
export function parsePracticeFilter(params: Record<string, string | string[] | undefined>): PracticeFilter {
  const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);
  const concept = one(params.concept);
  const difficulty = Number(one(params.difficulty));
  return {
    concept: concept && (CONCEPTS as readonly string[]).includes(concept) ? (concept as Concept) : null,
    difficulty: (DIFFICULTIES as readonly number[]).includes(difficulty) ? difficulty : null,
  };
}

export function filterPractice(items: PracticeItem[], filter: PracticeFilter): PracticeItem[] {
  return items.filter((item) => (filter.concept === null || item.concepts.includes(filter.concept)) && (filter.difficulty === null || item.difficulty === filter.difficulty));
}

/** The concepts that at least one exercise carries, in CONCEPTS order, with how many carry each. */
export function conceptCounts(items: PracticeItem[]): { concept: Concept; count: number }[] {
  return CONCEPTS.map((concept) => ({ concept, count: items.filter((i) => i.concepts.includes(concept)).length })).filter((c) => c.count > 0);
}

/** /practice with this filter as search params (an empty filter gives the bare page). */
export function practiceHref(filter: PracticeFilter): string {
  const params = new URLSearchParams();
  if (filter.concept) params.set("concept", filter.concept);
  if (filter.difficulty) params.set("difficulty", String(filter.difficulty));
  const query = params.toString();
  return query ? `/practice?${query}` : "/practice";
}
