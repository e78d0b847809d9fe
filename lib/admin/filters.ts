// The dashboard's filters, read from the URL (so every view, link and CSV export shares them).
// Bad values are dropped with a message the page shows, never an error page.
import { exerciseIdSchema } from "@/lib/exercises/schema";
import type { VerdictStatus } from "@/lib/grading/types";

export const VERDICTS = [
  "passed", "wrong_output", "tests_failed", "compile_error", "runtime_error", "timeout",
  "memory_limit", "process_limit", "output_limit", "crashed", "busy", "unavailable",
] as const satisfies readonly VerdictStatus[];

export const VERDICT_LABELS: Record<VerdictStatus, string> = {
  passed: "passed",
  wrong_output: "wrong output",
  tests_failed: "tests failed",
  compile_error: "compile error",
  runtime_error: "exception",
  timeout: "timeout",
  memory_limit: "memory limit",
  process_limit: "process limit",
  output_limit: "output limit",
  crashed: "crashed",
  busy: "busy (not counted)",
  unavailable: "unavailable (not counted)",
};

export interface Filters {
  /** Inclusive UTC day, YYYY-MM-DD. */
  from?: string;
  /** Inclusive UTC day, YYYY-MM-DD. */
  to?: string;
  lesson?: string;
  exercise?: string;
  verdict?: VerdictStatus;
  learner?: string;
  page: number;
}

export type SearchParams = Record<string, string | string[] | undefined>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const LEARNER = /^[A-Za-z0-9._@-]{1,100}$/;

/** Lesson slugs and exercise ids follow one rule (lib/exercises/schema.ts). */
function isSlug(value: string): boolean {
  return exerciseIdSchema.safeParse(value).success;
}

function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function first(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  const trimmed = v?.trim();
  return trimmed ? trimmed : undefined;
}

export function parseFilters(params: SearchParams): { filters: Filters; problems: string[] } {
  const problems: string[] = [];
  const filters: Filters = { page: 1 };
  const from = first(params.from);
  const to = first(params.to);
  if (from !== undefined) {
    if (isDay(from)) filters.from = from;
    else problems.push(`"from" must be a date like 2026-01-31 (got "${from.slice(0, 40)}")`);
  }
  if (to !== undefined) {
    if (isDay(to)) filters.to = to;
    else problems.push(`"to" must be a date like 2026-01-31 (got "${to.slice(0, 40)}")`);
  }
  if (filters.from && filters.to && filters.from > filters.to) {
    problems.push(`"from" (${filters.from}) is after "to" (${filters.to}); the dates were swapped`);
    [filters.from, filters.to] = [filters.to, filters.from];
  }
  const lesson = first(params.lesson);
  if (lesson !== undefined) {
    if (isSlug(lesson)) filters.lesson = lesson;
    else problems.push("unknown lesson");
  }
  const exercise = first(params.exercise);
  if (exercise !== undefined) {
    if (isSlug(exercise)) filters.exercise = exercise;
    else problems.push("unknown exercise");
  }
  const verdict = first(params.verdict);
  if (verdict !== undefined) {
    if ((VERDICTS as readonly string[]).includes(verdict)) filters.verdict = verdict as VerdictStatus;
    else problems.push(`unknown outcome "${verdict.slice(0, 40)}"`);
  }
  const learner = first(params.learner);
  if (learner !== undefined) {
    if (LEARNER.test(learner)) filters.learner = learner;
    else problems.push("a learner is an id or a username (letters, digits, . _ @ -)");
  }
  const page = first(params.page);
  if (page !== undefined) {
    const n = Number(page);
    if (Number.isInteger(n) && n >= 1 && n <= 100_000) filters.page = n;
    else problems.push("page must be a positive whole number");
  }
  return { filters, problems };
}

/** The filters as a query string (page left out unless asked for). */
export function filterQuery(filters: Partial<Filters>, extra: Record<string, string | number | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const key of ["from", "to", "lesson", "exercise", "verdict", "learner"] as const) {
    const value = filters[key];
    if (value) q.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined && value !== "") q.set(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** The date range as half-open instants [from, toExclusive) for the database. */
export function dateRange(filters: Pick<Filters, "from" | "to">): { from: Date | null; toExclusive: Date | null } {
  const from = filters.from ? new Date(`${filters.from}T00:00:00.000Z`) : null;
  const toExclusive = filters.to ? new Date(new Date(`${filters.to}T00:00:00.000Z`).getTime() + 86_400_000) : null;
  return { from, toExclusive };
}
