// Every dashboard statistic against a small data set whose answers are worked out by hand below.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getCommonErrors } from "./errors";
import { getFunnel } from "./funnel";
import { getLessonTable } from "./lessons";
import { getBusiestHours, getOverview, getSubmissionsPerDay } from "./overview";
import { listSubmissions } from "./submissions";
import { tableForExport } from "../tables";

// Learners A, B, C submit; D only signed up. Times are UTC.
//  A e1a: 01-10 09:00 compile_error, 09:05 wrong_output, 09:10 passed  -> 3 tries, 600 s
//  A e1b: 01-10 10:00 passed                                            -> 1 try, 0 s
//  A e2a: 01-11 10:00 runtime_error, 10:00:30 busy (not counted), 10:01 passed -> 2 tries, 60 s
//  B e1a: 01-10 09:30 wrong_output, 09:31 passed                        -> 2 tries, 60 s
//  B e1b: 01-11 14:00 timeout, 14:10 compile_error                      -> never passed
//  C e1a: 01-12 20:00 unavailable (not counted), 20:01 compile_error, 20:05 passed -> 2 tries, 240 s
type Row = [id: string, learner: string, exercise: string, at: string, verdict: string, text?: string];
const ROWS: Row[] = [
  ["t-a1", "A", "e1a", "2026-01-10T09:00:00Z", "compile_error", 'error: undefined variable "slices"\n  └─ main.exs:2:5'],
  ["t-a2", "A", "e1a", "2026-01-10T09:05:00Z", "wrong_output", "Hello world\n"],
  ["t-a3", "A", "e1a", "2026-01-10T09:10:00Z", "passed"],
  ["t-a4", "A", "e1b", "2026-01-10T10:00:00Z", "passed"],
  ["t-a5", "A", "e2a", "2026-01-11T10:00:00Z", "runtime_error", "** (ArithmeticError) bad argument in arithmetic expression: 7 / 0\n    main.exs:1: (file)"],
  ["t-a6", "A", "e2a", "2026-01-11T10:00:30Z", "busy", "Too many runs"],
  ["t-a7", "A", "e2a", "2026-01-11T10:01:00Z", "passed"],
  ["t-b1", "B", "e1a", "2026-01-10T09:30:00Z", "wrong_output", "Hello  world"],
  ["t-b2", "B", "e1a", "2026-01-10T09:31:00Z", "passed"],
  ["t-b3", "B", "e1b", "2026-01-11T14:00:00Z", "timeout"],
  ["t-b4", "B", "e1b", "2026-01-11T14:10:00Z", "compile_error", "main.exs:4:7: syntax error before: ')'"],
  ["t-c1", "C", "e1a", "2026-01-12T20:00:00Z", "unavailable", "The sandbox is not available"],
  ["t-c2", "C", "e1a", "2026-01-12T20:01:00Z", "compile_error", 'error: undefined variable "pizza"\n  └─ main.exs:3:1'],
  ["t-c3", "C", "e1a", "2026-01-12T20:05:00Z", "passed"],
];

beforeAll(async () => {
  await db.$transaction([
    db.hintReveal.deleteMany(), db.solutionView.deleteMany(), db.draft.deleteMany(), db.submission.deleteMany(),
    db.learnerSession.deleteMany(), db.learner.deleteMany(), db.exercise.deleteMany(), db.lesson.deleteMany(),
  ]);
  const lesson = (slug: string, position: number) => ({ slug, title: slug.toUpperCase(), summary: "", position, sourcePath: `${slug}.mdx`, contentHash: "x" });
  const l1 = await db.lesson.create({ data: lesson("l-one", 1) });
  const l2 = await db.lesson.create({ data: lesson("l-two", 2) });
  const exercise = (id: string, lessonId: string, position: number, archivedAt: Date | null = null) => ({ id, lessonId, position, title: `Exercise ${id}`, starterCode: "", solution: "IO.puts 1", archivedAt });
  await db.exercise.createMany({ data: [exercise("e1a", l1.id, 1), exercise("e1b", l1.id, 2), exercise("e2a", l2.id, 1), exercise("e2x", l2.id, 2, new Date("2026-01-01T00:00:00Z"))] });
  await db.learner.createMany({
    data: [
      { id: "A", username: "alice", createdAt: new Date("2026-01-10T08:00:00Z") },
      { id: "B", createdAt: new Date("2026-01-10T08:00:00Z") },
      { id: "C", createdAt: new Date("2026-01-12T08:00:00Z") },
      { id: "D", createdAt: new Date("2026-01-12T08:00:00Z") },
    ],
  });
  await db.submission.createMany({
    data: ROWS.map(([id, learnerId, exerciseId, at, verdict, text]) => ({
      id, learnerId, exerciseId, createdAt: new Date(at), verdict, passed: verdict === "passed", code: "IO.puts 1",
      outcome: verdict === "passed" || verdict === "wrong_output" ? "ok" : verdict, durationMs: 10,
      stdout: verdict === "wrong_output" ? (text ?? "") : "", stderr: "",
      message: verdict === "wrong_output" ? null : (text ?? null),
    })),
  });
  await db.hintReveal.createMany({
    data: [
      { learnerId: "A", exerciseId: "e1a", hintIndex: 0, createdAt: new Date("2026-01-10T09:01:00Z") },
      { learnerId: "A", exerciseId: "e1a", hintIndex: 1, createdAt: new Date("2026-01-10T09:02:00Z") },
      { learnerId: "B", exerciseId: "e1b", hintIndex: 0, createdAt: new Date("2026-01-11T14:05:00Z") },
    ],
  });
  await db.solutionView.createMany({
    data: [
      { learnerId: "B", exerciseId: "e1b", createdAt: new Date("2026-01-11T14:20:00Z") },
      { learnerId: "C", exerciseId: "e1a", createdAt: new Date("2026-01-12T20:03:00Z") },
    ],
  });
});

describe("overview", () => {
  it("counts learners, attempts and passes, leaving busy/unavailable out", async () => {
    expect(await getOverview({})).toEqual({ attempts: 12, passes: 5, passRate: 5 / 12, activeLearners: 3, learnersWhoPassed: 3, newLearners: 4, notCounted: 2 });
  });

  it("respects the date range (both days included) and the lesson filter", async () => {
    expect(await getOverview({ from: "2026-01-11", to: "2026-01-11" })).toMatchObject({ attempts: 4, passes: 1, activeLearners: 2, newLearners: 0, notCounted: 1 });
    expect(await getOverview({ lesson: "l-two" })).toMatchObject({ attempts: 2, passes: 1, activeLearners: 1, notCounted: 1 });
    expect(await getOverview({ exercise: "e1b" })).toMatchObject({ attempts: 3, passes: 1, activeLearners: 2 });
  });

  it("gives submissions per day, with empty days filled", async () => {
    expect(await getSubmissionsPerDay({})).toEqual([
      { day: "2026-01-10", attempts: 6, passes: 3, learners: 2 },
      { day: "2026-01-11", attempts: 4, passes: 1, learners: 2 },
      { day: "2026-01-12", attempts: 2, passes: 1, learners: 1 },
    ]);
    const days = await getSubmissionsPerDay({ from: "2026-01-09", to: "2026-01-13" });
    expect(days.map((d) => d.attempts)).toEqual([0, 6, 4, 2, 0]);
  });

  it("gives the busiest hours of the day", async () => {
    const hours = await getBusiestHours({});
    expect(hours).toHaveLength(24);
    expect(hours.filter((h) => h.attempts > 0)).toEqual([
      { hour: 9, attempts: 5, passes: 2 },
      { hour: 10, attempts: 3, passes: 2 },
      { hour: 14, attempts: 2, passes: 0 },
      { hour: 20, attempts: 2, passes: 1 },
    ]);
  });
});

describe("per lesson and per exercise", () => {
  it("computes attempts, learners, pass rates, medians, hints, solutions and outcome counts", async () => {
    const lessons = await getLessonTable({});
    expect(lessons.map((l) => l.slug)).toEqual(["l-one", "l-two"]);
    const [l1, l2] = lessons;
    expect(l1).toMatchObject({
      attempts: 10, passes: 4, passRate: 0.4, learners: 3, learnersWhoPassed: 3,
      medianAttemptsToPass: 2, medianSecondsToPass: 150, hintLearners: 2, hintReveals: 3, solutionViews: 2,
      verdicts: { passed: 4, compile_error: 3, wrong_output: 2, timeout: 1, unavailable: 1 },
    });
    expect(l2).toMatchObject({ attempts: 2, passes: 1, learners: 1, medianAttemptsToPass: 2, medianSecondsToPass: 60, verdicts: { runtime_error: 1, busy: 1, passed: 1 } });
    // The archived exercise without submissions is not listed.
    expect(l2!.exercises.map((e) => e.id)).toEqual(["e2a"]);

    const [e1a, e1b] = l1!.exercises;
    expect(e1a).toMatchObject({
      id: "e1a", attempts: 7, passes: 3, learners: 3, learnersWhoPassed: 3, medianAttemptsToPass: 2, medianSecondsToPass: 240,
      hintLearners: 1, hintReveals: 2, solutionViews: 1, verdicts: { compile_error: 2, wrong_output: 2, passed: 3, unavailable: 1 },
    });
    expect(e1b).toMatchObject({ id: "e1b", attempts: 3, passes: 1, learners: 2, learnersWhoPassed: 1, medianAttemptsToPass: 1, medianSecondsToPass: 0, hintLearners: 1, hintReveals: 1, solutionViews: 1 });
  });

  it("counts only what falls in the date range", async () => {
    const [l1, l2] = await getLessonTable({ from: "2026-01-11", to: "2026-01-11" });
    expect(l1).toMatchObject({ attempts: 2, passes: 0, learners: 1, medianAttemptsToPass: null, medianSecondsToPass: null, hintReveals: 1, solutionViews: 1 });
    expect(l1!.exercises.find((e) => e.id === "e1a")).toMatchObject({ attempts: 0, hintReveals: 0 });
    expect(l2!.exercises[0]).toMatchObject({ attempts: 2, passes: 1, medianAttemptsToPass: 2, medianSecondsToPass: 60 });
  });

  it("exports the same numbers as CSV rows", async () => {
    const tables = [];
    for await (const t of tableForExport("exercises", { page: 1 })) tables.push(t);
    expect(tables).toHaveLength(1);
    const { columns, rows } = tables[0]!;
    const col = (label: string) => columns.findIndex((c) => c.label === label);
    const e1a = rows.find((r) => r[2] === "e1a")!;
    expect(e1a[col("Attempts")]).toBe(7);
    expect(e1a[col("Pass rate %")]).toBe(42.9);
    // Two wrong outputs and two compile errors of 7: the tie goes to the verdict listed first.
    expect(e1a[col("Most common failure")]).toBe("wrong output (29%)");
  });
});

describe("funnel", () => {
  it("counts learners who started and finished each lesson (archived exercises not required)", async () => {
    expect(await getFunnel({})).toEqual([
      { slug: "l-one", title: "L-ONE", exercises: 2, started: 3, finished: 1, finishRate: 1 / 3, retained: 1, droppedHere: 2 },
      { slug: "l-two", title: "L-TWO", exercises: 1, started: 1, finished: 1, finishRate: 1, retained: 1 / 3, droppedHere: 0 },
    ]);
    const inRange = await getFunnel({ from: "2026-01-11", to: "2026-01-11" });
    expect(inRange.map((f) => [f.started, f.finished])).toEqual([[1, 0], [1, 1]]);
  });
});

describe("common errors", () => {
  it("groups failures by normalised message or output, with counts, learners and an example", async () => {
    const { exercises, truncated } = await getCommonErrors({});
    expect(truncated).toBe(false);
    expect(exercises.map((e) => [e.exerciseId, e.failures])).toEqual([["e1a", 4], ["e1b", 2], ["e2a", 1]]);
    const e1a = exercises[0]!;
    expect(e1a.groups).toHaveLength(2);
    const compile = e1a.groups.find((g) => g.verdict === "compile_error")!;
    expect(compile).toMatchObject({ text: 'error: undefined variable "_"', count: 2, learners: 2 });
    expect(["t-a1", "t-c2"]).toContain(compile.exampleId);
    expect(e1a.groups.find((g) => g.verdict === "wrong_output")).toMatchObject({ text: "output: Hello world", count: 2, learners: 2 });
    expect(exercises[1]!.groups.map((g) => [g.verdict, g.count])).toEqual(expect.arrayContaining([["timeout", 1], ["compile_error", 1]]));
    expect(exercises[2]!.groups).toEqual([{ verdict: "runtime_error", text: "** (ArithmeticError) bad argument in arithmetic expression: N / N", count: 1, learners: 1, exampleId: "t-a5" }]);
  });

  it("filters by outcome and date", async () => {
    const { exercises } = await getCommonErrors({ verdict: "compile_error", from: "2026-01-12" });
    expect(exercises.map((e) => [e.exerciseId, e.failures])).toEqual([["e1a", 1]]);
  });
});

describe("submission browser", () => {
  it("filters by outcome, lesson, exercise, learner id or username, and date", async () => {
    expect((await listSubmissions({ verdict: "compile_error" }, 1)).total).toBe(3);
    expect((await listSubmissions({ lesson: "l-two" }, 1)).total).toBe(3);
    expect((await listSubmissions({ exercise: "e1b" }, 1)).total).toBe(3);
    expect((await listSubmissions({ learner: "alice" }, 1)).total).toBe(7);
    expect((await listSubmissions({ learner: "B" }, 1)).total).toBe(4);
    expect((await listSubmissions({ from: "2026-01-12", to: "2026-01-12" }, 1)).rows.map((r) => r.id)).toEqual(["t-c3", "t-c2", "t-c1"]);
  });

  it("paginates newest first", async () => {
    const page = await listSubmissions({}, 1);
    expect(page).toMatchObject({ total: 14, pages: 1 });
    expect(page.rows[0]).toMatchObject({ id: "t-c3", learnerName: null, lessonSlug: "l-one", exerciseTitle: "Exercise e1a", verdict: "passed" });
    expect((await listSubmissions({}, 2)).rows).toEqual([]);
  });
});
