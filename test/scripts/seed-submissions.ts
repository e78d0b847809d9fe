// `npm run db:seed-submissions`: a deterministic, realistic data set for the admin dashboard:
// 2,000 learners working through every exercise in the database, 100,000 submissions over 60
// days, hint reveals and solution views. Same options, same end day => same data.
//   npm run db:seed-submissions -- [--learners 2000] [--submissions 100000] [--days 60] [--end 2026-11-29] [--seed 42]
// Uses DATABASE_URL (the npm script defaults it to file:./data/bench.db), migrates it and syncs
// the lessons first, and replaces earlier seeded rows (ids starting with "seed-") only.
import { execFileSync, spawnSync } from "node:child_process";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    learners: { type: "string", default: "2000" },
    submissions: { type: "string", default: "100000" },
    days: { type: "string", default: "60" },
    end: { type: "string" },
    seed: { type: "string", default: "42" },
    "skip-setup": { type: "boolean", default: false },
  },
});

const LEARNERS = Number(values.learners);
const SUBMISSIONS = Number(values.submissions);
const DAYS = Number(values.days);
const END = values.end ?? new Date().toISOString().slice(0, 10);
const SEED = Number(values.seed);
for (const [name, n] of [["learners", LEARNERS], ["submissions", SUBMISSIONS], ["days", DAYS], ["seed", SEED]] as const) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number`);
}
if (!/^\d{4}-\d{2}-\d{2}$/.test(END)) throw new Error("--end must be a date like 2026-11-29");

// mulberry32: small, fast, deterministic.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
function weighted<T extends string>(weights: Record<T, number>): T {
  const entries = Object.entries(weights) as [T, number][];
  let r = random() * entries.reduce((s, [, w]) => s + w, 0);
  for (const [k, w] of entries) if ((r -= w) < 0) return k;
  return entries[0]![0];
}

const VARS = ["slices", "friends", "name", "total", "x", "count", "pizza", "result", "msg", "n"];
const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 7, 8, 10, 12, 12, 10, 6, 3];

type Failure = { verdict: string; outcome: string; message: string | null; stdout: string; stderr: string; errorLine: number | null; testResults: string | null };

function failure(check: string): Failure {
  const kind = weighted({ wrong: 40, compile: 25, runtime: 20, timeout: 4, memory: 2, output: 2, process: 1, crashed: 1, busy: 3, unavailable: 2 });
  const line = between(1, 12);
  const base = { stdout: "", stderr: "", errorLine: null, testResults: null };
  switch (kind) {
    case "wrong":
      if (check === "tests") {
        const names = ["returns the sum", "handles an empty list", "works for negative numbers"];
        const results = names.map((name) => ({ name, passed: random() < 0.5, message: "Assertion with == failed" }));
        results[between(0, 2)]!.passed = false;
        return { ...base, verdict: "tests_failed", outcome: "ok", message: null, testResults: JSON.stringify(results) };
      }
      return { ...base, verdict: "wrong_output", outcome: "ok", message: null, stdout: pick(["Hello world\n", "hello, world!\n", `${between(1, 30)}\n`, `${between(1, 9)} slices each\n`, "", "I am learning Elixir\n"]) };
    case "compile":
      return { ...base, verdict: "compile_error", outcome: "compile_error", errorLine: line, message: pick([
        `error: undefined variable "${pick(VARS)}"\n  └─ main.exs:${line}:${between(1, 20)}`,
        `main.exs:${line}:${between(1, 20)}: syntax error before: ')'`,
        `main.exs:${line}:${between(1, 20)}: missing terminator: " (for string starting at line ${line})`,
        `error: undefined function puts/1 (there is no such import)\n  └─ main.exs:${line}`,
      ]) };
    case "runtime":
      return { ...base, verdict: "runtime_error", outcome: "runtime_error", errorLine: line, message: pick([
        `** (ArithmeticError) bad argument in arithmetic expression: ${between(1, 99)} / 0\n    main.exs:${line}: (file)`,
        `** (MatchError) no match of right hand side value: ${between(1, 99)}\n    main.exs:${line}: (file)`,
        `** (FunctionClauseError) no function clause matching in String.upcase/2\n    (elixir) lib/string.ex:${between(100, 900)}: String.upcase(${between(1, 9)}, :default)`,
        `** (ArgumentError) errors were found at the given arguments:\n  * 1st argument: not a list\n #PID<0.${between(90, 200)}.0>`,
      ]) };
    case "timeout":
      return { ...base, verdict: "timeout", outcome: "timeout", message: null };
    case "memory":
      return { ...base, verdict: "memory_limit", outcome: "memory_limit", message: null };
    case "output":
      return { ...base, verdict: "output_limit", outcome: "output_limit", message: null, stdout: "y\n".repeat(50) };
    case "process":
      return { ...base, verdict: "process_limit", outcome: "process_limit", message: null };
    case "crashed":
      return { ...base, verdict: "crashed", outcome: "crashed", message: null, stderr: "Segmentation fault" };
    case "busy":
      return { ...base, verdict: "busy", outcome: "busy", message: "Too many runs at once; try again in a moment." };
    default:
      return { ...base, verdict: "unavailable", outcome: "unavailable", message: "The sandbox is not available right now." };
  }
}

async function main(): Promise<void> {
  const env = { ...process.env };
  if (!values["skip-setup"]) {
    execFileSync("npx", ["prisma", "migrate", "deploy"], { env, stdio: "ignore" });
    // Exit 3: the sync held back exercises that did not prove themselves; the rest are there to seed.
    const sync = spawnSync("npm", ["run", "--silent", "content:sync"], { env, stdio: "ignore" });
    if (sync.status !== 0 && sync.status !== 3) throw new Error(`npm run content:sync exited with ${sync.status ?? sync.signal}`);
  }
  const { db } = await import("@/lib/db");
  const exercises = await db.exercise.findMany({
    where: { archivedAt: null },
    select: { id: true, check: true, solution: true, starterCode: true, hints: true, position: true, lesson: { select: { position: true } } },
  });
  exercises.sort((a, b) => a.lesson.position - b.lesson.position || a.position - b.position);
  if (exercises.length === 0) throw new Error("no exercises in the database: run npm run content:sync first");

  console.log(`seed: clearing earlier seeded rows in ${process.env.DATABASE_URL ?? "file:./data/app.db"}`);
  const seeded = { learnerId: { startsWith: "seed-" } };
  await db.$transaction([
    db.hintReveal.deleteMany({ where: seeded }),
    db.solutionView.deleteMany({ where: seeded }),
    db.submission.deleteMany({ where: seeded }),
    db.learner.deleteMany({ where: { id: { startsWith: "seed-" } } }),
  ]);

  const endMs = Date.parse(`${END}T00:00:00Z`) + 86_400_000;
  const startMs = endMs - DAYS * 86_400_000;
  const atHour = (dayStart: number) => {
    let r = random() * HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
    let hour = 0;
    for (; hour < 23; hour++) if ((r -= HOUR_WEIGHTS[hour]!) < 0) break;
    return dayStart + hour * 3_600_000 + between(0, 3_599_999);
  };

  type Sub = { id: string; exerciseId: string; learnerId: string; code: string; outcome: string; verdict: string; passed: boolean; stdout: string; stderr: string; message: string | null; errorLine: number | null; testResults: string | null; durationMs: number; createdAt: Date };
  const subs: Sub[] = [];
  const hints: { learnerId: string; exerciseId: string; hintIndex: number; createdAt: Date }[] = [];
  const views: { learnerId: string; exerciseId: string; createdAt: Date }[] = [];
  const learners: { id: string; createdAt: Date }[] = [];

  const push = (learnerId: string, e: (typeof exercises)[number], at: number, pass: boolean) => {
    const f = pass ? null : failure(e.check);
    subs.push({
      id: "", exerciseId: e.id, learnerId, code: pass ? e.solution : `${e.starterCode}\n# attempt`, outcome: f?.outcome ?? "ok", verdict: f?.verdict ?? "passed",
      passed: pass, stdout: f?.stdout ?? "", stderr: f?.stderr ?? "", message: f?.message ?? null, errorLine: f?.errorLine ?? null,
      testResults: f?.testResults ?? null, durationMs: between(8, 400), createdAt: new Date(at),
    });
    return f ? !["busy", "unavailable"].includes(f.verdict) : true;
  };

  for (let i = 1; i <= LEARNERS; i++) {
    const learnerId = `seed-learner-${String(i).padStart(5, "0")}`;
    const dayStart = startMs + Math.floor(random() * DAYS) * 86_400_000;
    let t = atHour(dayStart);
    learners.push({ id: learnerId, createdAt: new Date(t) });
    const skill = 0.15 + random() * 0.6;
    const persistence = 0.55 + random() * 0.4;
    journey: for (const e of exercises) {
      const hintCount = (JSON.parse(e.hints) as unknown[]).length;
      let fails = 0;
      let passed = false;
      while (!passed) {
        t += between(20, 600) * 1000;
        if (t >= endMs) break journey; // the data set ends here
        passed = random() < skill + fails * 0.05;
        if (push(learnerId, e, t, passed) && !passed) fails++;
        if (!passed && fails >= 2 && fails - 2 < Math.max(hintCount, 1) && random() < 0.35) hints.push({ learnerId, exerciseId: e.id, hintIndex: fails - 2, createdAt: new Date(t + 5000) });
        if (!passed && fails >= 5 && random() < 0.2 && !views.some((v) => v.learnerId === learnerId && v.exerciseId === e.id)) views.push({ learnerId, exerciseId: e.id, createdAt: new Date(t + 9000) });
        if (!passed && random() > persistence) break;
      }
      if (!passed || random() > persistence + 0.05) break; // gave up on the course here
      if (random() < 0.3) t = Math.max(t, atHour(t - (t % 86_400_000) + between(1, 4) * 86_400_000));
    }
  }

  // Top up to the exact count with practice runs on later days, or cut the newest runs.
  while (subs.length < SUBMISSIONS) {
    const l = pick(learners);
    const e = pick(exercises);
    const first = l.createdAt.getTime();
    const day = first - (first % 86_400_000) + Math.floor(random() * Math.max(1, (endMs - first) / 86_400_000)) * 86_400_000;
    const at = Math.max(atHour(day), first + 1000);
    if (at < endMs) push(l.id, e, at, random() < 0.45);
  }
  subs.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  subs.length = SUBMISSIONS;
  subs.forEach((s, i) => (s.id = `seed-sub-${String(i + 1).padStart(7, "0")}`));
  const hintKeys = new Set<string>();
  const uniqueHints = hints.filter((h) => {
    const k = `${h.learnerId}/${h.exerciseId}/${h.hintIndex}`;
    return !hintKeys.has(k) && (hintKeys.add(k), true);
  });

  const started = Date.now();
  for (let i = 0; i < learners.length; i += 1000) await db.learner.createMany({ data: learners.slice(i, i + 1000) });
  for (let i = 0; i < subs.length; i += 1000) {
    await db.submission.createMany({ data: subs.slice(i, i + 1000) });
    if ((i / 1000) % 20 === 19) console.log(`seed: ${i + 1000} submissions written`);
  }
  for (let i = 0; i < uniqueHints.length; i += 1000) await db.hintReveal.createMany({ data: uniqueHints.slice(i, i + 1000) });
  for (let i = 0; i < views.length; i += 1000) await db.solutionView.createMany({ data: views.slice(i, i + 1000) });
  console.log(
    `seed: ${learners.length} learners, ${subs.length} submissions on ${exercises.length} exercises over ${DAYS} days ending ${END}, ` +
      `${uniqueHints.length} hint reveals, ${views.length} solution views (written in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  await db.$disconnect();
}

main().catch((error) => {
  console.error(`db:seed-submissions: ${(error as Error).message}`);
  process.exit(1);
});
