// Every table the dashboard shows, as columns and rows. The pages render these and the CSV
// export writes them, so an export always has exactly the numbers on the screen.
import "server-only";
import type { Cell } from "./csv";
import { type Filters, VERDICT_LABELS, VERDICTS } from "./filters";
import { verdictLabel, verdictMessage } from "./submission-view";
import { type ExerciseErrors, getCommonErrors } from "./stats/errors";
import { type FunnelRow, getFunnel } from "./stats/funnel";
import { type GroupStats, type LessonRow, getLessonTable } from "./stats/lessons";
import { type DayRow, type HourRow, getBusiestHours, getSubmissionsPerDay } from "./stats/overview";
import { allSubmissions, listSubmissions } from "./stats/submissions";

export type Format = "int" | "pct" | "num" | "secs" | "text" | "time" | "submission" | "learner" | "exercise";

export interface Column {
  label: string;
  format: Format;
}

export interface Table {
  columns: Column[];
  rows: Cell[][];
}

export const TABLES = ["daily", "hours", "lessons", "exercises", "funnel", "errors", "submissions"] as const;
export type TableName = (typeof TABLES)[number];

const pct = (v: number | null): number | null => (v === null ? null : Math.round(v * 1000) / 10);

export function dailyTable(days: DayRow[]): Table {
  return {
    columns: [{ label: "Day (UTC)", format: "text" }, { label: "Attempts", format: "int" }, { label: "Passes", format: "int" }, { label: "Pass rate %", format: "pct" }, { label: "Learners", format: "int" }],
    rows: days.map((d) => [d.day, d.attempts, d.passes, pct(d.attempts ? d.passes / d.attempts : null), d.learners]),
  };
}

export function hoursTable(hours: HourRow[]): Table {
  return {
    columns: [{ label: "Hour (UTC)", format: "text" }, { label: "Attempts", format: "int" }, { label: "Passes", format: "int" }],
    rows: hours.map((h) => [`${String(h.hour).padStart(2, "0")}:00`, h.attempts, h.passes]),
  };
}

/** Outcomes that count as a failed attempt (busy and unavailable are not the learner's). */
const FAILURES = VERDICTS.filter((v) => v !== "passed" && v !== "busy" && v !== "unavailable");

/** The columns that matter at a glance; the share of every outcome is on each exercise's own page. */
function groupColumns(): Column[] {
  return [
    { label: "Attempts", format: "int" },
    { label: "Learners", format: "int" },
    { label: "Pass rate %", format: "pct" },
    { label: "Learners passed", format: "int" },
    { label: "Median attempts to pass", format: "num" },
    { label: "Median time to pass", format: "secs" },
    { label: "Learners using hints", format: "int" },
    { label: "Solutions viewed", format: "int" },
    { label: "Most common failure", format: "text" },
  ];
}

/** "wrong output (42%)": the failing outcome with the largest share of counted attempts. */
function topFailure(g: GroupStats): string | null {
  const [top] = FAILURES.map((v) => [v, g.verdicts[v] ?? 0] as const).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  return top && g.attempts > 0 ? `${VERDICT_LABELS[top[0]]} (${Math.round((top[1] / g.attempts) * 100)}%)` : null;
}

function groupCells(g: GroupStats): Cell[] {
  return [g.attempts, g.learners, pct(g.passRate), g.learnersWhoPassed, g.medianAttemptsToPass, g.medianSecondsToPass, g.hintLearners, g.solutionViews, topFailure(g)];
}

/** The share of every outcome of one exercise, busy/unavailable as counts (its own page). */
export function outcomesTable(g: GroupStats): Table {
  return {
    columns: [{ label: "Outcome", format: "text" }, { label: "Submissions", format: "int" }, { label: "Share of attempts %", format: "pct" }],
    rows: VERDICTS.filter((v) => (g.verdicts[v] ?? 0) > 0).map((v) => [VERDICT_LABELS[v], g.verdicts[v] ?? 0, v === "busy" || v === "unavailable" || !g.attempts ? null : pct((g.verdicts[v] ?? 0) / g.attempts)]),
  };
}

export function lessonsTable(lessons: LessonRow[]): Table {
  return {
    columns: [{ label: "Lesson", format: "text" }, ...groupColumns()],
    rows: lessons.map((l) => [l.draft ? `${l.title} (hidden)` : l.title, ...groupCells(l)]),
  };
}

export function exercisesTable(lessons: LessonRow[]): Table {
  return {
    columns: [{ label: "Lesson", format: "text" }, { label: "Exercise", format: "text" }, { label: "Exercise id", format: "exercise" }, ...groupColumns()],
    rows: lessons.flatMap((l) => l.exercises.map((e) => [l.title, e.archived ? `${e.title} (archived)` : e.title, e.id, ...groupCells(e)])),
  };
}

export function funnelTable(funnel: FunnelRow[]): Table {
  return {
    columns: [
      { label: "Lesson", format: "text" }, { label: "Exercises", format: "int" }, { label: "Started", format: "int" }, { label: "Finished", format: "int" },
      { label: "Finish rate %", format: "pct" }, { label: "Started, did not finish", format: "int" }, { label: "Started, % of lesson 1 starters", format: "pct" },
    ],
    rows: funnel.map((f) => [f.title, f.exercises, f.started, f.finished, pct(f.finishRate), f.droppedHere, pct(f.retained)]),
  };
}

export function errorsTable(exercises: ExerciseErrors[]): Table {
  return {
    columns: [
      { label: "Lesson", format: "text" }, { label: "Exercise", format: "text" }, { label: "Outcome", format: "text" }, { label: "Message or output (normalised)", format: "text" },
      { label: "Count", format: "int" }, { label: "Learners", format: "int" }, { label: "Example", format: "submission" },
    ],
    rows: exercises.flatMap((e) => e.groups.map((g) => [e.lessonSlug, e.title, VERDICT_LABELS[g.verdict] ?? g.verdict, g.text || verdictMessage(g.verdict, null), g.count, g.learners, g.exampleId])),
  };
}

export const SUBMISSION_COLUMNS: Column[] = [
  { label: "Time (UTC)", format: "time" }, { label: "Learner", format: "learner" }, { label: "Lesson", format: "text" }, { label: "Exercise", format: "text" },
  { label: "Verdict", format: "text" }, { label: "Duration ms", format: "int" }, { label: "Message", format: "text" }, { label: "Submission", format: "submission" },
];

export function submissionRows(rows: Awaited<ReturnType<typeof listSubmissions>>["rows"]): Cell[][] {
  return rows.map((s) => [s.createdAt.toISOString(), s.learnerName ?? s.learnerId, s.lessonSlug, s.exerciseTitle, verdictLabel(s.verdict), s.durationMs, verdictMessage(s.verdict, s.message), s.id]);
}

/** The rows of one table for the CSV export (all pages, for submissions). */
export async function* tableForExport(name: TableName, filters: Filters): AsyncGenerator<Table> {
  switch (name) {
    case "daily":
      yield dailyTable(await getSubmissionsPerDay(filters));
      return;
    case "hours":
      yield hoursTable(await getBusiestHours(filters));
      return;
    case "lessons":
      yield lessonsTable(await getLessonTable(filters));
      return;
    case "exercises":
      yield exercisesTable(await getLessonTable(filters));
      return;
    case "funnel":
      yield funnelTable(await getFunnel(filters));
      return;
    case "errors":
      yield errorsTable((await getCommonErrors(filters)).exercises);
      return;
    case "submissions":
      yield { columns: SUBMISSION_COLUMNS, rows: [] };
      for await (const batch of allSubmissions(filters)) yield { columns: SUBMISSION_COLUMNS, rows: submissionRows(batch) };
      return;
  }
}
