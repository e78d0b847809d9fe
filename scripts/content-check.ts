// `npm run content:check`: validates every lesson in CONTENT_DIR (default content/), then runs
// every exercise's reference solution (must pass) and starter (must not pass), every runnable
// example and every prose ```elixir sample in the real sandbox. Prints a readable report with the
// check's wall time, exits 1 on any problem, and ends with one JSON line: {lessons, exercises,
// solutions_passed, starters_failed, examples, examples_ok, samples, samples_ok, problems,
// practice, practice_exercises, seconds}.
// `npm run content:check -- content/30-ets.mdx ...` reads only those files in full and runs only
// their exercises, examples and samples; the other files give their frontmatter and exercise ids,
// enough to resolve prerequisites and the course-wide rules (lib/lessons/load.ts).
// What passes is recorded in data/content-checked.json, which content:sync's gate trusts.
import fs from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";
import * as sandbox from "@/lib/sandbox";
import { sandboxSourceHash } from "@/lib/sandbox/image";
import { checkContent, formatReport } from "@/lib/lessons/check";
import { contentDir } from "@/lib/lessons/content";
import { gateSandbox, recordCheckReport, TRUST_FILE } from "@/lib/lessons/gate";
import { readCourse } from "@/lib/lessons/load";

const HELP = `usage: npm run content:check [-- FILE...]

Validates every lesson, practice exercise and part page under CONTENT_DIR (default content/), then
runs in the real sandbox every exercise's reference solution (must pass) and starter (must not
pass) and every runnable example (must not hit a limit or crash).

  FILE...   check only these files and run only their exercises and examples, e.g.
            content/01-hello-elixir.mdx; of the other files only the frontmatter and the
            exercise ids are read, to resolve prerequisites and the course-wide rules
  --help    this text

Prints a line per run and per file, every problem with its file and line, and a JSON summary as
the last line. Exits 0 when there is no problem, 1 otherwise, 2 when a named file does not
exist. What passes is recorded in ${TRUST_FILE}, so that content:sync does not run it again.`;

async function main(): Promise<number> {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    console.log(HELP);
    return 0;
  }
  const started = performance.now();
  const dir = contentDir();
  const shown = path.relative(process.cwd(), dir);
  console.log(`content:check: checking ${shown && !shown.startsWith("..") ? shown : dir}`);
  try {
    const only = process.argv.slice(2).map((file) => path.relative(process.cwd(), path.resolve(file)));
    const missing = [];
    for (const file of only) if (!(await fs.stat(file).then((s) => s.isFile(), () => false))) missing.push(file);
    if (missing.length > 0) {
      console.error(`content:check: no such file: ${missing.join(", ")}\n\n${HELP}`);
      return 2;
    }
    // Containers boot while the lessons are read; once the runs are known, no spare ones boot.
    void sandbox.warmUp().catch(() => undefined);
    const report = await checkContent(dir, {
      run: sandbox.run,
      concurrency: 2,
      onResult: (line) => console.log(line),
      onFile: (file, problems, done, total) => console.log(`content:check: [${done}/${total}] ${file}: ${problems === 0 ? "ok" : `${problems} problem${problems === 1 ? "" : "s"}`}`),
      only,
      onPlan: (containers) => sandbox.expectContainers(containers),
    });
    // The course as checkContent read it (cached): the named files in full, the others as outlines.
    const { lessons, practice } = await readCourse(dir, { only });
    await recordCheckReport([...lessons, ...practice], report, only, gateSandbox(`${sandbox.SANDBOX_IMAGE_REPOSITORY}:${await sandboxSourceHash()}`, env.SANDBOX_RUNTIME));
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    for (const line of formatReport(report, seconds)) console.log(line);
    console.log(JSON.stringify({ ...report.summary, seconds }));
    return report.summary.problems === 0 ? 0 : 1;
  } finally {
    // The sandbox may keep warm containers (a pool); release them so the process can end cleanly.
    const shutdown: unknown = Reflect.get(sandbox, "shutdown");
    if (typeof shutdown === "function") await (shutdown as () => Promise<void>)();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
