// The course as the running site sees it: lessons, practice exercises and part pages read from
// the content folder (cached by file modification time, see load.ts). Draft lessons are hidden
// from learners in production and shown by `npm run dev`, so authors can preview them.
import "server-only";
import path from "node:path";
import { env } from "@/lib/env";
import { loadCourse, loadLessons } from "./load";
import type { ParsedDocument, ParsedLesson, ParsedPart, ParsedPractice } from "./parse";

export function contentDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.CONTENT_DIR);
}

/** Whether draft lessons are served: only by the development server. */
function showDrafts(): boolean {
  return env.NODE_ENV === "development";
}

/** The lessons a learner can open, in course order. */
export async function getCourse(): Promise<ParsedLesson[]> {
  const lessons = await loadLessons(contentDir());
  return showDrafts() ? lessons : lessons.filter((l) => !l.frontmatter.draft);
}

export async function getLessonBySlug(slug: string): Promise<ParsedLesson | null> {
  return (await getCourse()).find((l) => l.frontmatter.slug === slug) ?? null;
}

export interface LessonLink {
  slug: string;
  title: string;
}

/** The lessons before and after this one in the course, for prev/next links. */
export async function getLessonNeighbours(slug: string): Promise<{ previous: LessonLink | null; next: LessonLink | null }> {
  const lessons = await getCourse();
  const index = lessons.findIndex((l) => l.frontmatter.slug === slug);
  const link = (lesson: ParsedLesson | undefined): LessonLink | null => (lesson ? { slug: lesson.frontmatter.slug, title: lesson.frontmatter.title } : null);
  if (index < 0) return { previous: null, next: null };
  return { previous: link(lessons[index - 1]), next: link(lessons[index + 1]) };
}

/** Every practice exercise, easiest first (then by title). */
export async function getPractice(): Promise<ParsedPractice[]> {
  return (await loadCourse(contentDir())).practice;
}

export async function getPracticeBySlug(slug: string): Promise<ParsedPractice | null> {
  return (await getPractice()).find((p) => p.frontmatter.slug === slug) ?? null;
}

/** The parts' introduction pages, in course order. */
export async function getPartPages(): Promise<ParsedPart[]> {
  return (await loadCourse(contentDir())).parts;
}

export async function getPartPage(slug: string): Promise<ParsedPart | null> {
  return (await getPartPages()).find((p) => p.frontmatter.slug === slug) ?? null;
}

/** Every page a learner can open: lessons, practice exercises and part pages (where runnable examples live). */
export async function getPages(): Promise<ParsedDocument<unknown>[]> {
  const [lessons, { practice, parts }] = await Promise.all([getCourse(), loadCourse(contentDir())]);
  return [...lessons, ...practice, ...parts];
}
