// `npm run content:sync`: copies content/ into the database and prints what changed.
// A malformed lesson stops the sync before anything is written, naming the file and line (exit 1).
// Every exercise whose graded content changed is proved in the sandbox first (lib/lessons/gate.ts);
// one that fails is held back, printed with its file, line and why, and the sync exits 3 after
// writing the rest (a broken example is printed and exits 3 too). Unchanged exercises run nothing.
// `npm run content:sync -- --watch` keeps running and syncs again whenever a lesson file changes
// (`npm run dev` runs it).
import fs from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";
import { contentDir } from "@/lib/lessons/content";
import { LessonError, LessonErrors } from "@/lib/lessons/lesson-error";
import { gateSandbox } from "@/lib/lessons/gate";
import { syncLessons } from "@/lib/lessons/sync";
import { env } from "@/lib/env";
import * as sandbox from "@/lib/sandbox";
import { sandboxSourceHash } from "@/lib/sandbox/image";

/** Exit status when the sync wrote the course but held something back. */
const HELD_BACK = 3;

/** One sync with its report printed: 0, 1 (malformed, nothing written) or HELD_BACK. */
async function syncOnce(dir: string): Promise<number> {
  const started = performance.now();
  try {
    // Keyed by the image's sources (lib/sandbox/image.ts), not by SANDBOX_IMAGE: a server told to use
    // another name (the e2e server whose image is missing on purpose) trusts what those sources proved.
    // And by the runtime (gateSandbox): what runc proved is proved again under runsc.
    const image = gateSandbox(`${sandbox.SANDBOX_IMAGE_REPOSITORY}:${await sandboxSourceHash()}`, env.SANDBOX_RUNTIME);
    const { lessons, exercises, heldBack, gate } = await syncLessons(db, dir, {
      gate: { run: sandbox.run, image, onResult: (line) => console.log(`content:sync: ${line}`) },
    });
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
        `${exercises.archived.length} archived, ${lessons.hidden.length} lessons hidden)` +
        (gate ? `; proved in the sandbox: ${gate.exercises} exercises, ${gate.examplePages} pages of examples` : "") +
        (gate?.trusted ? `; ${gate.trusted} proved before on this machine` : "") +
        ` in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const problems = [...heldBack.exercises.flatMap((e) => e.problems), ...heldBack.examples];
    if (problems.length === 0) return 0;
    problems.sort((a, b) => a.where.localeCompare(b.where, "en", { numeric: true }));
    for (const p of problems) console.error([`${p.where}: ${p.problem}`, ...p.details].join("\n"));
    const ids = heldBack.exercises.map((e) => e.id);
    console.error(
      `content:sync: held back ${ids.length} exercise${ids.length === 1 ? "" : "s"}${ids.length > 0 ? ` (${ids.join(", ")}): learners keep the last proved version, or do not see a new one` : ""}` +
        (heldBack.examples.length > 0 ? `; ${heldBack.examples.length} broken example${heldBack.examples.length === 1 ? "" : "s"} (served from the file: fix them)` : ""),
    );
    return HELD_BACK;
  } catch (error) {
    if (error instanceof LessonErrors || error instanceof LessonError) {
      const errors = error instanceof LessonErrors ? error.errors : [error];
      for (const e of errors) console.error(`content:sync: ${e.message}`);
      console.error(`content:sync: ${errors.length} problem${errors.length === 1 ? "" : "s"}; nothing was written`);
      return 1;
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
  // The pool stays booted between saves (a verdict within seconds); remove its containers on the way out.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void sandbox.shutdown().finally(() => process.exit(0)));
  }
  return new Promise<never>(() => {});
}

async function main(): Promise<number> {
  const dir = contentDir();
  if (process.argv.includes("--watch")) await watch(dir);
  try {
    return await syncOnce(dir);
  } finally {
    await db.$disconnect();
    // The gate may have booted the sandbox's pool; release its containers so the process ends.
    await sandbox.shutdown();
  }
}

main().then((code) => process.exit(code));
