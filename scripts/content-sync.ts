// `npm run content:sync`: copies content/ into the database and prints what changed.
// A malformed lesson stops the sync before anything is written, naming the file and line.
import { db } from "@/lib/db";
import { contentDir } from "@/lib/lessons/content";
import { LessonError, LessonErrors } from "@/lib/lessons/lesson-error";
import { syncLessons } from "@/lib/lessons/sync";

async function main(): Promise<number> {
  try {
    const report = await syncLessons(db, contentDir());
    const { lessons, exercises } = report;
    for (const [label, ids] of [
      ["lesson created", lessons.created],
      ["lesson updated", lessons.updated],
      ["exercise created", exercises.created],
      ["exercise updated", exercises.updated],
      ["exercise archived", exercises.archived],
    ] as const) {
      for (const id of ids) console.log(`${label}: ${id}`);
    }
    console.log(
      `content:sync: ${lessons.created.length + lessons.updated.length + lessons.unchanged.length} lessons, ` +
        `${exercises.created.length + exercises.updated.length + exercises.unchanged.length} exercises ` +
        `(${lessons.created.length + exercises.created.length} created, ${lessons.updated.length + exercises.updated.length} updated, ${exercises.archived.length} archived)`,
    );
    return 0;
  } catch (error) {
    if (error instanceof LessonErrors || error instanceof LessonError) {
      const errors = error instanceof LessonErrors ? error.errors : [error];
      for (const e of errors) console.error(`content:sync: ${e.message}`);
      console.error(`content:sync: ${errors.length} problem${errors.length === 1 ? "" : "s"}; nothing was written`);
      return 1;
    }
    throw error;
  } finally {
    await db.$disconnect();
  }
}

main().then((code) => process.exit(code));
