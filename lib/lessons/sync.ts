// Copies the lessons in content/ into the database: upserts lessons and exercises (how each is
// checked, expected output or tests, hints), archives exercises that disappeared (their
// submissions stay), and reports what changed. Idempotent; a malformed course writes nothing.
import { createHash } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { loadLessons } from "./load";

export interface SyncReport {
  lessons: { created: string[]; updated: string[]; unchanged: string[]; hidden: string[] };
  exercises: { created: string[]; updated: string[]; unchanged: string[]; archived: string[] };
}

export async function syncLessons(db: PrismaClient, contentDir: string): Promise<SyncReport> {
  const lessons = await loadLessons(contentDir);
  const report: SyncReport = {
    lessons: { created: [], updated: [], unchanged: [], hidden: [] },
    exercises: { created: [], updated: [], unchanged: [], archived: [] },
  };
  const liveExerciseIds = new Set(lessons.flatMap((l) => l.exercises.map((e) => e.id)));

  await db.$transaction(async (tx) => {
    for (const [position, lesson] of lessons.entries()) {
      const { slug, title, summary, minutes, prerequisites, draft } = lesson.frontmatter;
      const contentHash = createHash("sha256").update(lesson.body).digest("hex");
      const data = { title, summary, position, sourcePath: lesson.file, contentHash, minutes, prerequisites: JSON.stringify(prerequisites), draft };
      const existing = await tx.lesson.findUnique({ where: { slug } });
      const bucket = !existing ? "created" : changed(existing, data) ? "updated" : "unchanged";
      const saved =
        bucket === "created" ? await tx.lesson.create({ data: { slug, ...data } }) : bucket === "updated" ? await tx.lesson.update({ where: { slug }, data }) : existing;
      if (!saved) throw new Error(`lesson ${slug} vanished during sync`);
      report.lessons[bucket].push(slug);

      for (const exercise of lesson.exercises) {
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
        };
        const before = await tx.exercise.findUnique({ where: { id: exercise.id } });
        const kind = !before ? "created" : changed(before, fields) ? "updated" : "unchanged";
        if (kind === "created") await tx.exercise.create({ data: { id: exercise.id, ...fields } });
        else if (kind === "updated") await tx.exercise.update({ where: { id: exercise.id }, data: fields });
        report.exercises[kind].push(exercise.id);
      }
    }
    const liveSlugs = lessons.map((l) => l.frontmatter.slug);
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
  });
  return report;
}

function changed(before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  return Object.entries(after).some(([key, value]) => before[key] !== value);
}
