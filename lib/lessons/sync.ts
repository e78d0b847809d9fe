// Copies the lessons and practice exercises in content/ into the database: upserts a Lesson row
// per page (kind "lesson" with its part, or kind "practice", placed after the lessons) and its
// exercises (how each is checked, expected output or tests, hints), so runs, drafts, hints and
// progress work the same for both; archives exercises that disappeared (their submissions stay),
// and reports what changed. Idempotent; a malformed course writes nothing.
// With a gate (content:sync always passes one) every exercise whose graded content changed is
// proved in the sandbox first (gate.ts); one that fails is held back alone: a new one is not
// created, a changed one keeps its last proved version, and the rest of its lesson still syncs.
// Examples are read from the files at request time, so a failing example cannot be held back: it
// is reported, and its page's examples are proved again at the next sync.
import { createHash } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { ContentProblem } from "./check";
import { examplesGateHash, exerciseGateHash, runGate, type GateOptions, type GateVerdict } from "./gate";
import { loadCourse } from "./load";
import type { LessonFrontmatter, ParsedExample, ParsedExercise } from "./parse";

const SYNC_TRANSACTION_MS = 60_000;

export interface SyncReport {
  lessons: { created: string[]; updated: string[]; unchanged: string[]; hidden: string[] };
  exercises: { created: string[]; updated: string[]; unchanged: string[]; archived: string[] };
  /** What the gate kept out of the database, and the example sets it found broken. */
  heldBack: { exercises: { id: string; problems: ContentProblem[] }[]; examples: ContentProblem[] };
  /** Runs of the gate: exercises and example sets proved now, and those trusted from this machine's earlier checks. */
  gate: GateVerdict["checked"] | null;
}

/** Fields whose change means an exercise must be proved again. */
const GRADED = ["starterCode", "solution", "check", "expectedOutput", "tests"] as const;

/** One page as it is stored: a lesson, or the page of a practice exercise. */
interface Page {
  frontmatter: Pick<LessonFrontmatter, "slug" | "title" | "summary" | "minutes" | "prerequisites" | "draft">;
  kind: "lesson" | "practice";
  part: string | null;
  file: string;
  body: string;
  exercises: ParsedExercise[];
  examples: ParsedExample[];
}

/** Without `gate` (tests, tools) exercises are trusted: written, but not marked proved. */
export async function syncLessons(db: PrismaClient, contentDir: string, { gate }: { gate?: GateOptions } = {}): Promise<SyncReport> {
  const course = await loadCourse(contentDir);
  // Practice pages are never drafts; they sit after the lessons, in the order /practice lists them.
  const pages: Page[] = [
    ...course.lessons.map((l) => ({ ...l, kind: "lesson" as const, part: l.frontmatter.part })),
    ...course.practice.map((p) => ({ ...p, frontmatter: { ...p.frontmatter, draft: false }, kind: "practice" as const, part: null })),
  ];
  const report: SyncReport = {
    lessons: { created: [], updated: [], unchanged: [], hidden: [] },
    exercises: { created: [], updated: [], unchanged: [], archived: [] },
    heldBack: { exercises: [], examples: [] },
    gate: null,
  };
  const liveExerciseIds = new Set(pages.flatMap((l) => l.exercises.map((e) => e.id)));

  // The sandbox runs happen before the transaction, which stays short.
  let verdict: GateVerdict | null = null;
  if (gate) {
    const [exerciseRows, lessonRows] = await Promise.all([
      db.exercise.findMany({ where: { checkedHash: { not: null } }, select: { checkedHash: true } }),
      db.lesson.findMany({ where: { examplesHash: { not: null } }, select: { examplesHash: true } }),
    ]);
    const known = new Set([...exerciseRows.map((r) => r.checkedHash), ...lessonRows.map((r) => r.examplesHash)].filter((h): h is string => h !== null));
    verdict = await runGate(contentDir, pages, known, gate);
    report.gate = verdict.checked;
    report.heldBack.exercises = [...verdict.heldBack].map(([id, problems]) => ({ id, problems }));
    report.heldBack.examples = [...verdict.examples.values()].flat();
  }

  // Eighty-odd pages with their exercises in one transaction: Prisma's default 5 s is too short
  // on a loaded machine.
  await db.$transaction(async (tx) => {
    for (const [position, lesson] of pages.entries()) {
      const { slug, title, summary, minutes, prerequisites, draft } = lesson.frontmatter;
      const contentHash = createHash("sha256").update(lesson.body).digest("hex");
      const existing = await tx.lesson.findUnique({ where: { slug } });
      const gateHash = gate ? examplesGateHash(gate.image, lesson) : null;
      const examplesHash = verdict
        ? gateHash && verdict.proved.has(gateHash) ? gateHash : null
        : existing?.contentHash === contentHash ? existing.examplesHash : null;
      const data = { kind: lesson.kind, part: lesson.part, title, summary, position, sourcePath: lesson.file, contentHash, examplesHash, minutes, prerequisites: JSON.stringify(prerequisites), draft };
      const bucket = !existing ? "created" : changed(existing, data) ? "updated" : "unchanged";
      const saved =
        bucket === "created" ? await tx.lesson.create({ data: { slug, ...data } }) : bucket === "updated" ? await tx.lesson.update({ where: { slug }, data }) : existing;
      if (!saved) throw new Error(`lesson ${slug} vanished during sync`);
      report.lessons[bucket].push(slug);

      for (const exercise of lesson.exercises) {
        if (verdict?.heldBack.has(exercise.id)) continue;
        const before = await tx.exercise.findUnique({ where: { id: exercise.id } });
        const gateHash = gate ? exerciseGateHash(gate.image, exercise) : null;
        const fields = {
          lessonId: saved.id,
          title: exercise.title,
          position: exercise.position,
          starterCode: exercise.starterCode,
          solution: exercise.solution,
          check: exercise.check,
          expectedOutput: exercise.expectedOutput,
          tests: exercise.tests,
          testsVisible: exercise.testsVisible,
          hints: JSON.stringify(exercise.hints),
          archivedAt: null,
          checkedHash: verdict
            ? gateHash && verdict.proved.has(gateHash) ? gateHash : null
            : before && GRADED.every((key) => before[key] === exercise[key]) ? before.checkedHash : null,
        };
        const kind = !before ? "created" : changed(before, fields) ? "updated" : "unchanged";
        if (kind === "created") await tx.exercise.create({ data: { id: exercise.id, ...fields } });
        else if (kind === "updated") await tx.exercise.update({ where: { id: exercise.id }, data: fields });
        report.exercises[kind].push(exercise.id);
      }
    }
    const liveSlugs = pages.map((l) => l.frontmatter.slug);
    const gone = await tx.lesson.findMany({ where: { draft: false, slug: { notIn: liveSlugs } }, select: { slug: true } });
    if (gone.length > 0) {
      await tx.lesson.updateMany({ where: { slug: { in: gone.map((l) => l.slug) } }, data: { draft: true } });
      report.lessons.hidden.push(...gone.map((l) => l.slug));
    }
    const stale = await tx.exercise.findMany({ where: { archivedAt: null, id: { notIn: [...liveExerciseIds] } }, select: { id: true } });
    if (stale.length > 0) {
      await tx.exercise.updateMany({ where: { id: { in: stale.map((e) => e.id) } }, data: { archivedAt: new Date() } });
      report.exercises.archived.push(...stale.map((e) => e.id));
    }
  }, { timeout: SYNC_TRANSACTION_MS, maxWait: SYNC_TRANSACTION_MS });
  return report;
}

function changed(before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  return Object.entries(after).some(([key, value]) => before[key] !== value);
}
