// The course as the content folder holds it, read when a spec is loaded, so the specs follow the
// course as it grows: published lessons in course order, their parts, and the practice exercises.
// Synchronous, because Playwright declares tests synchronously.
import fs from "node:fs";
import path from "node:path";
import { checkLesson, checkPractice, PARTS, type ParsedExercise, type ParsedLesson, type ParsedPractice, type Part } from "@/lib/lessons/parse";

export const contentDir = path.resolve(process.env.CONTENT_DIR ?? "content");

function read<T>(file: string, check: (file: string, source: string) => { errors: unknown[] } & T): T {
  const result = check(file, fs.readFileSync(file, "utf8"));
  if (result.errors.length > 0) throw new Error(`${file} is not valid: run npm run content:check`);
  return result;
}

/** Published lessons in course order (a lesson is a .mdx file or a folder with an index.mdx). */
export function publishedLessons(): ParsedLesson[] {
  const lessons: ParsedLesson[] = [];
  for (const entry of fs.readdirSync(contentDir, { withFileTypes: true })) {
    const file = entry.isFile() && entry.name.endsWith(".mdx") ? path.join(contentDir, entry.name) : entry.isDirectory() ? path.join(contentDir, entry.name, "index.mdx") : null;
    if (!file || !fs.existsSync(file) || entry.name === "practice" || entry.name === "parts") continue;
    const { lesson } = read(file, checkLesson);
    if (lesson && !lesson.frontmatter.draft) lessons.push(lesson);
  }
  return lessons.sort((a, b) => a.frontmatter.order - b.frontmatter.order);
}

export function practiceExercises(): ParsedPractice[] {
  const dir = path.join(contentDir, "practice");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".mdx"))
    .flatMap((name) => {
      const { practice } = read(path.join(dir, name), checkPractice);
      return practice ? [practice] : [];
    });
}

export interface PartExercise {
  lesson: ParsedLesson;
  exercise: ParsedExercise;
}

/** The first and the last exercise of each part, in course order (null for a part with none). */
export function firstAndLastExercises(): Record<Part, { first: PartExercise; last: PartExercise } | null> {
  const lessons = publishedLessons();
  return Object.fromEntries(
    PARTS.map((part) => {
      const all = lessons.filter((l) => l.frontmatter.part === part).flatMap((lesson) => lesson.exercises.map((exercise) => ({ lesson, exercise })));
      const first = all[0];
      const last = all.at(-1);
      return [part, first && last ? { first, last } : null];
    }),
  ) as Record<Part, { first: PartExercise; last: PartExercise } | null>;
}
