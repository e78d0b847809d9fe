// Reads every lesson under the content folder and checks what only the whole course can show:
// unique slugs, orders and exercise ids, prerequisites that exist. A lesson is one `.mdx` file or
// a folder with an `index.mdx`. Parsed files are cached by modification time and size, so a
// request re-reads only what changed (and `npm run dev` still sees every edit at once).
import fs from "node:fs/promises";
import path from "node:path";
import { LessonError, LessonErrors } from "./lesson-error";
import { checkLesson, type ParsedLesson } from "./parse";

export interface Course {
  /** Every lesson file found, valid or not. */
  files: string[];
  /** Valid lessons in course order, drafts included. */
  lessons: ParsedLesson[];
  /** Every problem found, file by file; empty when the course is valid. */
  errors: LessonError[];
}

interface CachedFile {
  stamp: string;
  result: ReturnType<typeof checkLesson>;
}

const files = new Map<string, CachedFile>();
const courses = new Map<string, { signature: string; course: Course }>();

async function lessonFiles(contentDir: string): Promise<string[]> {
  const entries = await fs.readdir(contentDir, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isFile() && entry.name.endsWith(".mdx")) found.push(path.join(contentDir, entry.name));
    else if (entry.isDirectory()) {
      const index = path.join(contentDir, entry.name, "index.mdx");
      if (await fs.stat(index).then((s) => s.isFile(), () => false)) found.push(index);
    }
  }
  return found;
}

/** Reads and checks the whole course without throwing: content:check reports every problem. */
export async function readCourse(contentDir: string): Promise<Course> {
  const paths = await lessonFiles(contentDir);
  const stamps = await Promise.all(paths.map(async (p) => fs.stat(p).then((s) => `${s.mtimeMs}:${s.size}`)));
  const signature = paths.map((p, i) => `${p}@${stamps[i]}`).join("\n");
  const cached = courses.get(contentDir);
  if (cached && cached.signature === signature) return cached.course;

  const results = await Promise.all(
    paths.map(async (file, i) => {
      const stamp = stamps[i] ?? "";
      const hit = files.get(file);
      if (hit && hit.stamp === stamp) return hit.result;
      const result = checkLesson(displayPath(file), await fs.readFile(file, "utf8"));
      files.set(file, { stamp, result });
      return result;
    }),
  );
  const errors = results.flatMap((r) => r.errors);
  const lessons = results.flatMap((r) => (r.lesson ? [r.lesson] : []));
  errors.push(...checkCourse(lessons));
  lessons.sort((a, b) => a.frontmatter.order - b.frontmatter.order);
  const course = { files: paths.map(displayPath), lessons, errors };
  courses.set(contentDir, { signature, course });
  return course;
}

/** The valid course in order (drafts included); throws LessonErrors listing every problem. */
export async function loadLessons(contentDir: string): Promise<ParsedLesson[]> {
  const { lessons, errors } = await readCourse(contentDir);
  if (errors.length > 0) throw new LessonErrors(errors);
  return lessons;
}

export async function loadLesson(contentDir: string, slug: string): Promise<ParsedLesson | null> {
  const lessons = await loadLessons(contentDir);
  return lessons.find((l) => l.frontmatter.slug === slug) ?? null;
}

/** Paths in messages: relative to the working directory when inside it, absolute otherwise. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}

function checkCourse(lessons: ParsedLesson[]): LessonError[] {
  const errors: LessonError[] = [];
  const bySlug = new Map<string, ParsedLesson>();
  const orders = new Map<number, string>();
  const exercises = new Map<string, string>();
  for (const lesson of lessons) {
    const { slug, order } = lesson.frontmatter;
    const slugOwner = bySlug.get(slug);
    if (slugOwner) errors.push(new LessonError(lesson.file, lesson.fieldLines.slug ?? 1, `slug "${slug}" is already used by ${slugOwner.file}`));
    else bySlug.set(slug, lesson);
    const orderOwner = orders.get(order);
    if (orderOwner) errors.push(new LessonError(lesson.file, lesson.fieldLines.order ?? 1, `order ${order} is already used by ${orderOwner}`));
    else orders.set(order, lesson.file);
    for (const exercise of lesson.exercises) {
      const owner = exercises.get(exercise.id);
      if (owner) errors.push(new LessonError(lesson.file, exercise.line, `exercise id "${exercise.id}" is already used in ${owner}`));
      else exercises.set(exercise.id, `${lesson.file}:${exercise.line}`);
    }
  }
  for (const lesson of lessons) {
    for (const prerequisite of lesson.frontmatter.prerequisites) {
      const required = bySlug.get(prerequisite);
      const line = lesson.fieldLines.prerequisites ?? 1;
      if (prerequisite === lesson.frontmatter.slug) errors.push(new LessonError(lesson.file, line, `lists itself as a prerequisite`));
      else if (!required) errors.push(new LessonError(lesson.file, line, `prerequisite "${prerequisite}" is not a lesson in the course`));
      else if (required.frontmatter.draft && !lesson.frontmatter.draft) {
        errors.push(new LessonError(lesson.file, line, `prerequisite "${prerequisite}" is a draft, which learners cannot see`));
      }
    }
  }
  return errors;
}
