// Reads the course under the content folder: every lesson, the practice exercises in practice/
// and the parts' introduction pages in parts/, and checks what only the whole course can show:
// unique slugs, orders and exercise ids (across lessons and practice), prerequisites that exist,
// parts in course order. A lesson is one `.mdx` file or a folder with an `index.mdx` (the
// practice/ and parts/ folders are not lessons). Parsed files are cached by modification time and
// size, so a request re-reads only what changed (and `npm run dev` still sees every edit at once).
import fs from "node:fs/promises";
import path from "node:path";
import { LessonError, LessonErrors } from "./lesson-error";
import { PARTS, checkLesson, checkPartPage, checkPractice, type ParsedLesson, type ParsedPart, type ParsedPractice } from "./parse";

/** Folders of the content directory that hold practice exercises and part pages, not lessons. */
const PRACTICE_DIR = "practice";
const PARTS_DIR = "parts";

export interface Course {
  /** Every lesson file found, valid or not. */
  files: string[];
  /** Valid lessons in course order, drafts included. */
  lessons: ParsedLesson[];
  /** Every practice file found, valid or not. */
  practiceFiles: string[];
  /** Valid practice exercises, by difficulty then title. */
  practice: ParsedPractice[];
  /** Valid part introduction pages, in part order. */
  parts: ParsedPart[];
  /** Every problem found, file by file; empty when the course is valid. */
  errors: LessonError[];
}

type Result = { errors: LessonError[] };

interface CachedFile {
  stamp: string;
  result: Result;
}

const files = new Map<string, CachedFile>();
const courses = new Map<string, { signature: string; course: Course }>();

async function lessonFiles(contentDir: string): Promise<string[]> {
  const entries = await fs.readdir(contentDir, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isFile() && entry.name.endsWith(".mdx")) found.push(path.join(contentDir, entry.name));
    else if (entry.isDirectory() && entry.name !== PRACTICE_DIR && entry.name !== PARTS_DIR) {
      const index = path.join(contentDir, entry.name, "index.mdx");
      if (await fs.stat(index).then((s) => s.isFile(), () => false)) found.push(index);
    }
  }
  return found;
}

/** The `.mdx` files directly in a folder of the content directory (none when it is missing). */
async function folderFiles(contentDir: string, folder: string): Promise<string[]> {
  const dir = path.join(contentDir, folder);
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(".mdx"))
    .map((e) => path.join(dir, e.name))
    .sort((a, b) => a.localeCompare(b));
}

async function readAll<R extends Result>(
  paths: string[],
  stamps: string[],
  kind: string,
  check: (file: string, source: string, outline: boolean) => R,
  full: (file: string) => boolean,
): Promise<R[]> {
  return Promise.all(
    paths.map(async (file, i) => {
      const stamp = stamps[i] ?? "";
      const outline = !full(displayPath(file));
      const key = `${kind}${outline ? " outline" : ""}\n${file}`;
      const hit = files.get(key);
      if (hit && hit.stamp === stamp) return hit.result as R;
      const result = check(displayPath(file), await fs.readFile(file, "utf8"), outline);
      files.set(key, { stamp, result });
      return result;
    }),
  );
}

/**
 * Reads and checks the whole course without throwing: content:check reports every problem.
 * With `only` (paths as printed, e.g. "content/30-ets.mdx"), only those files are read in full;
 * the others are outlines (parse.ts), enough to resolve prerequisites and the course-wide rules
 * without parsing every lesson's MDX: what `content:check FILE` needs, in a fraction of the time.
 */
export async function readCourse(contentDir: string, options: { only?: string[] } = {}): Promise<Course> {
  const only = options.only && options.only.length > 0 ? new Set(options.only.map((f) => path.resolve(f))) : null;
  const full = (file: string) => !only || only.has(path.resolve(file));
  const [lessonPaths, practicePaths, partPaths] = await Promise.all([
    lessonFiles(contentDir),
    folderFiles(contentDir, PRACTICE_DIR),
    folderFiles(contentDir, PARTS_DIR),
  ]);
  const all = [...lessonPaths, ...practicePaths, ...partPaths];
  const stamps = await Promise.all(all.map(async (p) => fs.stat(p).then((s) => `${s.mtimeMs}:${s.size}`)));
  const signature = [...all.map((p, i) => `${p}@${stamps[i]}`), ...(only ? ["only:", ...only] : [])].join("\n");
  const cached = courses.get(contentDir);
  if (cached && cached.signature === signature) return cached.course;

  const lessonCount = lessonPaths.length;
  const practiceCount = practicePaths.length;
  const [lessonResults, practiceResults, partResults] = await Promise.all([
    readAll(lessonPaths, stamps.slice(0, lessonCount), "lesson", checkLesson, full),
    readAll(practicePaths, stamps.slice(lessonCount, lessonCount + practiceCount), "practice", checkPractice, full),
    readAll(partPaths, stamps.slice(lessonCount + practiceCount), "part", checkPartPage, full),
  ]);
  const errors = [...lessonResults, ...practiceResults, ...partResults].flatMap((r) => r.errors);
  const lessons = lessonResults.flatMap((r) => (r.lesson ? [r.lesson] : []));
  const practice = practiceResults.flatMap((r) => (r.practice ? [r.practice] : []));
  const parts = partResults.flatMap((r) => (r.part ? [r.part] : []));
  lessons.sort((a, b) => a.frontmatter.order - b.frontmatter.order);
  practice.sort((a, b) => a.frontmatter.difficulty - b.frontmatter.difficulty || a.frontmatter.title.localeCompare(b.frontmatter.title));
  parts.sort((a, b) => a.frontmatter.order - b.frontmatter.order);
  errors.push(...checkCourse(lessons, practice, parts));
  const course = { files: lessonPaths.map(displayPath), lessons, practiceFiles: practicePaths.map(displayPath), practice, parts, errors };
  courses.set(contentDir, { signature, course });
  return course;
}

/** The valid course (drafts included); throws LessonErrors listing every problem. */
export async function loadCourse(contentDir: string): Promise<Pick<Course, "lessons" | "practice" | "parts">> {
  const { lessons, practice, parts, errors } = await readCourse(contentDir);
  if (errors.length > 0) throw new LessonErrors(errors);
  return { lessons, practice, parts };
}

/** The valid lessons in order (drafts included); throws LessonErrors listing every problem. */
export async function loadLessons(contentDir: string): Promise<ParsedLesson[]> {
  return (await loadCourse(contentDir)).lessons;
}

/** Paths in messages: relative to the working directory when inside it, absolute otherwise. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}

function checkCourse(lessons: ParsedLesson[], practice: ParsedPractice[], parts: ParsedPart[]): LessonError[] {
  const errors: LessonError[] = [];
  const bySlug = new Map<string, ParsedLesson>();
  const orders = new Map<number, string>();
  const exercises = new Map<string, string>();
  const claimExercise = (file: string, id: string, line: number) => {
    const owner = exercises.get(id);
    if (owner) errors.push(new LessonError(file, line, `exercise id "${id}" is already used in ${owner}`));
    else exercises.set(id, `${file}:${line}`);
  };
  let previous: ParsedLesson | null = null;
  for (const lesson of lessons) {
    const { slug, order, part } = lesson.frontmatter;
    const slugOwner = bySlug.get(slug);
    if (slugOwner) errors.push(new LessonError(lesson.file, lesson.fieldLines.slug ?? 1, `slug "${slug}" is already used by ${slugOwner.file}`));
    else bySlug.set(slug, lesson);
    const orderOwner = orders.get(order);
    if (orderOwner) errors.push(new LessonError(lesson.file, lesson.fieldLines.order ?? 1, `order ${order} is already used by ${orderOwner}`));
    else orders.set(order, lesson.file);
    if (previous && PARTS.indexOf(part) < PARTS.indexOf(previous.frontmatter.part)) {
      errors.push(
        new LessonError(
          lesson.file,
          lesson.fieldLines.part ?? 1,
          `part "${part}" comes before "${previous.frontmatter.part}" in the course, but this lesson's order (${order}) is after ${previous.file} (${previous.frontmatter.order}): the parts must follow one another (${PARTS.join(", ")})`,
        ),
      );
    }
    previous = lesson;
    for (const exercise of lesson.exercises) claimExercise(lesson.file, exercise.id, exercise.line);
  }
  // Each page is a row in the database's Lesson table, so practice slugs must differ from lesson slugs too.
  const practiceSlugs = new Map<string, string>();
  for (const item of practice) {
    const { slug } = item.frontmatter;
    const owner = practiceSlugs.get(slug) ?? bySlug.get(slug)?.file;
    if (owner) errors.push(new LessonError(item.file, item.fieldLines.slug ?? 1, `slug "${slug}" is already used by ${owner}`));
    else practiceSlugs.set(slug, item.file);
    claimExercise(item.file, item.exercise.id, item.exercise.line);
  }
  const partPages = new Map<string, string>();
  for (const page of parts) {
    const owner = partPages.get(page.frontmatter.slug);
    if (owner) errors.push(new LessonError(page.file, page.fieldLines.slug ?? 1, `part "${page.frontmatter.slug}" already has an introduction page: ${owner}`));
    else partPages.set(page.frontmatter.slug, page.file);
  }
  const checkPrerequisites = (file: string, slug: string | null, prerequisites: string[], line: number, draft: boolean) => {
    for (const prerequisite of prerequisites) {
      const required = bySlug.get(prerequisite);
      if (prerequisite === slug) errors.push(new LessonError(file, line, `lists itself as a prerequisite`));
      else if (!required) errors.push(new LessonError(file, line, `prerequisite "${prerequisite}" is not a lesson in the course`));
      else if (required.frontmatter.draft && !draft) {
        errors.push(new LessonError(file, line, `prerequisite "${prerequisite}" is a draft, which learners cannot see`));
      }
    }
  };
  for (const lesson of lessons) {
    checkPrerequisites(lesson.file, lesson.frontmatter.slug, lesson.frontmatter.prerequisites, lesson.fieldLines.prerequisites ?? 1, lesson.frontmatter.draft);
  }
  for (const item of practice) checkPrerequisites(item.file, null, item.frontmatter.prerequisites, item.fieldLines.prerequisites ?? 1, false);
  return errors;
}
