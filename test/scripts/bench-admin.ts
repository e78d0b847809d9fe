// `npm run bench:admin`: times every dashboard view's queries on the database (by default the
// seeded data/bench.db, see db:seed-submissions) and prints the figures. Each view is measured
// as its page runs it (queries in parallel), a few times, after one warm-up.
import os from "node:os";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, budget: { type: "string", default: "1000" } } });
const RUNS = Number(values.runs);
const BUDGET = Number(values.budget);

async function main(): Promise<number> {
  const { db } = await import("@/lib/db");
  const stats = {
    ...(await import("@/lib/admin/stats/overview")),
    ...(await import("@/lib/admin/stats/lessons")),
    ...(await import("@/lib/admin/stats/funnel")),
    ...(await import("@/lib/admin/stats/errors")),
    ...(await import("@/lib/admin/stats/submissions")),
  };
  const submissions = await db.submission.count();
  const lesson = (await db.lesson.findFirst({ orderBy: { position: "asc" }, select: { slug: true } }))?.slug;
  const exercise = (await db.exercise.findFirst({ orderBy: { position: "asc" }, select: { id: true } }))?.id;
  const last = await db.submission.findFirst({ orderBy: { createdAt: "desc" }, select: { createdAt: true } });
  const to = (last?.createdAt ?? new Date()).toISOString().slice(0, 10);
  const from30 = new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);

  const views: [string, () => Promise<unknown>][] = [
    ["overview, all time", () => Promise.all([stats.getOverview({}), stats.getSubmissionsPerDay({}), stats.getBusiestHours({}), stats.getFilterOptions()])],
    ["overview, last 30 days", () => Promise.all([stats.getOverview({ from: from30, to }), stats.getSubmissionsPerDay({ from: from30, to }), stats.getBusiestHours({ from: from30, to })])],
    ["lessons & exercises, all time", () => stats.getLessonTable({})],
    ["lessons & exercises, last 30 days", () => stats.getLessonTable({ from: from30, to })],
    ["funnel, all time", () => stats.getFunnel({})],
    ["common errors, all time", () => stats.getCommonErrors({})],
    ["common errors, one exercise", () => stats.getCommonErrors({ exercise })],
    ["submissions, page 1", () => stats.listSubmissions({}, 1)],
    ["submissions, page 1000", () => stats.listSubmissions({}, 1000)],
    ["submissions, lesson + outcome filter", () => stats.listSubmissions({ lesson, verdict: "compile_error" }, 1)],
  ];

  console.log(`bench:admin: ${submissions.toLocaleString("en-US")} submissions in ${process.env.DATABASE_URL}; ${RUNS} runs per view after a warm-up`);
  console.log(`${"view".padEnd(40)} ${"median ms".padStart(10)} ${"max ms".padStart(8)}`);
  let worst = 0;
  for (const [name, run] of views) {
    await run();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    const max = times.at(-1)!;
    worst = Math.max(worst, median);
    console.log(`${name.padEnd(40)} ${median.toFixed(0).padStart(10)} ${max.toFixed(0).padStart(8)}`);
  }
  await db.$disconnect();
  // The budget applies to medians: on a shared 2-core machine single runs can stall on other work.
  console.log(`bench:admin: slowest view median ${worst.toFixed(0)} ms (budget ${BUDGET} ms): ${worst <= BUDGET ? "ok" : "TOO SLOW"}; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`);
  return worst <= BUDGET ? 0 : 1;
}

main().then((code) => process.exit(code));
