// Copies the lessons in content/ into the database: upserts lessons and exercises, archives
// exercises that disappeared (their submissions stay), and reports what changed. Idempotent.
import { createHash } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { loadLessons } from "./load";

export interface SyncReport {
  lessons: { created: string[]; updated: string[]; unchanged: string[] };
  exercises: { created: string[]; updated: string[]; unchanged: string[]; archived: string[] };
}

export async function syncLessons(db: PrismaClient, contentDir: string): Promise<SyncReport> {
  const lessons = await loadLessons(contentDir);
  const report: SyncReport = {
    lessons: { created: [], updated: [], unchanged: [] },
    exercises: { created: [], updated: [], unchanged: [], archived: [] },
  };
  const liveExerciseIds = new Set(lessons.flatMap((l) => l.exercises.map((e) => e.id)));

  await db.$transaction(async (tx) => {
    for (const [position, lesson] of lessons.entries()) {
      const { slug, title, summary } = lesson.frontmatter;
      const contentHash = createHash("sha256").update(lesson.body).digest("hex");
      const data = { title, summary, position, sourcePath: lesson.file, contentHash };
      const existing = await tx.lesson.findUnique({ where: { slug } });
      const saved = existing ? await tx.lesson.update({ where: { slug }, data }) : await tx.lesson.create({ data: { slug, ...data } });
      const bucket = !existing ? "created" : changed(existing, data) ? "updated" : "unchanged";
      report.lessons[bucket].push(slug);

      for (const exercise of lesson.exercises) {
        const fields = {
          lessonId: saved.id,
          title: exercise.title,
          position: exercise.position,
          starterCode: exercise.starterCode,
          solution: exercise.solution,
          expectedOutput: exercise.expectedOutput,
          archivedAt: null,
        };
        const before = await tx.exercise.findUnique({ where: { id: exercise.id } });
        await tx.exercise.upsert({ where: { id: exercise.id }, create: { id: exercise.id, ...fields }, update: fields });
        const kind = !before ? "created" : changed(before, fields) ? "updated" : "unchanged";
        report.exercises[kind].push(exercise.id);
      }
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
