// Reads every lesson under the content folder and checks what only the whole course can show:
// unique slugs, orders and exercise ids. Returns lessons in course order.
import fs from "node:fs/promises";
import path from "node:path";
import { LessonError } from "./lesson-error";
import { parseLesson, type ParsedLesson } from "./parse";

export async function loadLessons(contentDir: string): Promise<ParsedLesson[]> {
  const entries = await fs.readdir(contentDir, { withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith(".mdx")).map((e) => e.name).sort();
  const lessons: ParsedLesson[] = [];
  for (const name of files) {
    const file = path.join(contentDir, name);
    lessons.push(parseLesson(path.relative(process.cwd(), file) || file, await fs.readFile(file, "utf8")));
  }
  checkCourse(lessons);
  return lessons.sort((a, b) => a.frontmatter.order - b.frontmatter.order);
}

export async function loadLesson(contentDir: string, slug: string): Promise<ParsedLesson | null> {
  const lessons = await loadLessons(contentDir);
  return lessons.find((l) => l.frontmatter.slug === slug) ?? null;
}

function checkCourse(lessons: ParsedLesson[]): void {
  const slugs = new Map<string, string>();
  const orders = new Map<number, string>();
  const exercises = new Map<string, string>();
  for (const lesson of lessons) {
    const { slug, order } = lesson.frontmatter;
    const slugOwner = slugs.get(slug);
    if (slugOwner) throw new LessonError(lesson.file, 1, `slug "${slug}" is already used by ${slugOwner}`);
    slugs.set(slug, lesson.file);
    const orderOwner = orders.get(order);
    if (orderOwner) throw new LessonError(lesson.file, 1, `order ${order} is already used by ${orderOwner}`);
    orders.set(order, lesson.file);
    for (const exercise of lesson.exercises) {
      const owner = exercises.get(exercise.id);
      if (owner) throw new LessonError(lesson.file, exercise.line, `exercise id "${exercise.id}" is already used in ${owner}`);
      exercises.set(exercise.id, `${lesson.file}:${exercise.line}`);
    }
  }
}
