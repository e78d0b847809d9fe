// `npm run content:sync`: copies content/ into the database and prints what changed.
// A malformed lesson stops the sync before anything is written, naming the file and line.
// `npm run content:sync -- --watch` keeps running and syncs again whenever a lesson file changes
// (use it next to `npm run dev` while writing exercises).
import fs from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";
import { contentDir } from "@/lib/lessons/content";
import { LessonError, LessonErrors } from "@/lib/lessons/lesson-error";
import { syncLessons } from "@/lib/lessons/sync";

/** One sync with its report printed; true when it succeeded. */
async function syncOnce(dir: string): Promise<boolean> {
  try {
    const { lessons, exercises } = await syncLessons(db, dir);
    for (const [label, ids] of [
      ["lesson created", lessons.created],
      ["lesson updated", lessons.updated],
      ["lesson hidden (its file is gone)", lessons.hidden],
      ["exercise created", exercises.created],
      ["exercise updated", exercises.updated],
      ["exercise archived", exercises.archived],
    ] as const) {
      for (const id of ids) console.log(`${label}: ${id}`);
    }
    console.log(
      `content:sync: ${lessons.created.length + lessons.updated.length + lessons.unchanged.length} lessons, ` +
        `${exercises.created.length + exercises.updated.length + exercises.unchanged.length} exercises ` +
        `(${lessons.created.length + exercises.created.length} created, ${lessons.updated.length + exercises.updated.length} updated, ` +
        `${exercises.archived.length} archived, ${lessons.hidden.length} lessons hidden)`,
    );
    return true;
  } catch (error) {
    if (error instanceof LessonErrors || error instanceof LessonError) {
      const errors = error instanceof LessonErrors ? error.errors : [error];
      for (const e of errors) console.error(`content:sync: ${e.message}`);
      console.error(`content:sync: ${errors.length} problem${errors.length === 1 ? "" : "s"}; nothing was written`);
      return false;
    }
    throw error;
  }
}

async function watch(dir: string): Promise<never> {
  await syncOnce(dir);
  console.log(`content:sync: watching ${dir} (Ctrl-C to stop)`);
  let timer: NodeJS.Timeout | null = null;
  let running = Promise.resolve();
  const onChange = (name: string) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(async () => {
        console.log(`content:sync: ${new Date().toLocaleTimeString()} change in ${name}`);
        await syncOnce(dir);
      });
    }, 200);
  };
  // Directory watches (the folder and each lesson folder) see editors that save by renaming a new
  // file over the old one, which a watch on the file itself would lose.
  const watched = new Set<string>();
  const watchFolders = () => {
    for (const folder of [dir, ...fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name))]) {
      if (watched.has(folder)) continue;
      watched.add(folder);
      fs.watch(folder, (_event, name) => {
        if (folder === dir && name && fs.existsSync(path.join(dir, String(name))) && fs.statSync(path.join(dir, String(name))).isDirectory()) watchFolders();
        if (!name || String(name).endsWith(".mdx")) onChange(path.join(path.relative(dir, folder), String(name ?? "")));
      });
    }
  };
  watchFolders();
  return new Promise<never>(() => {});
}

async function main(): Promise<number> {
  const dir = contentDir();
  if (process.argv.includes("--watch")) await watch(dir);
  try {
    return (await syncOnce(dir)) ? 0 : 1;
  } finally {
    await db.$disconnect();
  }
}

main().then((code) => process.exit(code));
