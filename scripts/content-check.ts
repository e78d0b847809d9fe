// `npm run content:check`: validates every lesson in CONTENT_DIR (default content/), then runs
// every exercise's reference solution (must pass) and starter (must not pass) and every runnable
// example in the real sandbox. Prints a readable report, exits 1 on any problem, and ends with
// one JSON line: {lessons, exercises, solutions_passed, starters_failed, examples, examples_ok, problems}.
// `npm run content:check -- content/30-ets.mdx ...` runs only those files' exercises and examples
// (the whole course is still validated), for an author working on one lesson.
import path from "node:path";
import * as sandbox from "@/lib/sandbox";
import { checkContent, formatReport } from "@/lib/lessons/check";
import { contentDir } from "@/lib/lessons/content";

async function main(): Promise<number> {
  const dir = contentDir();
  const shown = path.relative(process.cwd(), dir);
  console.log(`content:check: checking ${shown && !shown.startsWith("..") ? shown : dir}`);
  try {
    const only = process.argv.slice(2).map((file) => path.relative(process.cwd(), path.resolve(file)));
    const report = await checkContent(dir, { run: sandbox.run, concurrency: 2, onResult: (line) => console.log(line), only });
    for (const line of formatReport(report)) console.log(line);
    console.log(JSON.stringify(report.summary));
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
