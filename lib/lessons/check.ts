// content:check: proves every exercise in the course works. Validates every lesson, practice
// exercise and part page, then runs each exercise's reference solution (must pass) and starter
// code (must not pass) in the real sandbox, graded exactly as a learner's run would be, plus every
// runnable example (must not hit a limit or crash), plus every ```elixir sample in prose, run whole
// (must end without an error, or in one when marked `fails`). Collects every problem instead of
// stopping at the first.
import path from "node:path";
import type { Check } from "@/lib/grading/grade";
import { grade } from "@/lib/grading/grade";
import type { Verdict } from "@/lib/grading/types";
import type { RunRequest, RunResult } from "@/lib/sandbox/types";
import { readCourse } from "./load";
import { exerciseCheck, FAILS_META, type ParsedDocument, type ParsedExercise, type ParsedSample } from "./parse";

export type Runner = (request: RunRequest) => Promise<RunResult>;

export interface ContentProblem {
  /** Where to look: "file:line". */
  where: string;
  /** One line saying what is wrong. */
  problem: string;
  /** Further lines (output, failing tests), already indented for printing. */
  details: string[];
}

export interface CheckSummary {
  lessons: number;
  /** Lesson and practice exercises together. */
  exercises: number;
  solutions_passed: number;
  starters_failed: number;
  examples: number;
  examples_ok: number;
  /** Prose ```elixir samples run, and those that ended as they should. */
  samples: number;
  samples_ok: number;
  problems: number;
  /** Practice files found, and the practice exercises among `exercises`. */
  practice: number;
  practice_exercises: number;
}

export interface CheckReport {
  summary: CheckSummary;
  problems: ContentProblem[];
}

export interface CheckOptions {
  run: Runner;
  /** Sandbox runs at once (default 2: the machines have two cores). */
  concurrency?: number;
  /** Called as each exercise or example is done, for progress output. */
  onResult?: (line: string) => void;
  /** Called as the last run of a file ends: the file, its problems, and files done out of those with runs. */
  onFile?: (file: string, problems: number, done: number, total: number) => void;
  /**
   * Runs only the exercises and examples of these files (paths as printed, e.g. "content/30-ets.mdx");
   * the whole course is still validated. Unset: every file.
   */
  only?: string[];
  /**
   * Within those files, runs only the exercises, and the examples of the files, this accepts: the
   * gate of content:sync passes what changed since it was last proved. Unset: all of them.
   */
  select?: { exercise: (file: string, exercise: ParsedExercise) => boolean; examples: (file: string) => boolean };
  /** Called once before the first run with the sandbox containers the check will take (a run with tests takes two), retries aside. */
  onPlan?: (containers: number) => void;
}

/** Outcomes of a runnable example that mean it is broken for learners (a runtime error can be the point of an example). */
const BROKEN_EXAMPLE = new Set(["timeout", "memory_limit", "process_limit", "output_limit", "crashed", "busy", "rejected", "unavailable"]);

export async function checkContent(contentDir: string, options: CheckOptions): Promise<CheckReport> {
  const { files, lessons, practice, practiceFiles, parts, errors } = await readCourse(contentDir, { only: options.only });
  const problems: ContentProblem[] = errors.map((e) => ({ where: `${e.file}${e.line === null ? "" : `:${e.line}`}`, problem: e.problem, details: [] }));
  const summary: CheckSummary = { lessons: files.length, exercises: 0, solutions_passed: 0, starters_failed: 0, examples: 0, examples_ok: 0, samples: 0, samples_ok: 0, problems: 0, practice: practiceFiles.length, practice_exercises: 0 };
  const say = options.onResult ?? (() => {});
  const run = withRetry(options.run, (outcome) => say(`retry: a run ended in ${outcome}; trying it again`));

  const tasks: (() => Promise<void>)[] = [];
  const pages: ParsedDocument<unknown>[] = [...lessons, ...practice, ...parts];
  const practicePages = new Set<ParsedDocument<unknown>>(practice);
  const only = options.only && options.only.length > 0 ? new Set(options.only.map((f) => path.normalize(f))) : null;
  let containers = 0;
  // The file each task belongs to, for a progress line per file.
  const fileOfTask: string[] = [];
  let current = "";
  const claimTasks = () => {
    while (fileOfTask.length < tasks.length) fileOfTask.push(current);
  };
  for (const lesson of pages) {
    if (only && !only.has(path.normalize(lesson.file))) continue;
    claimTasks();
    current = lesson.file;
    for (const exercise of lesson.exercises) {
      if (options.select && !options.select.exercise(lesson.file, exercise)) continue;
      summary.exercises += 1;
      if (practicePages.has(lesson)) summary.practice_exercises += 1;
      const where = `${lesson.file}:${exercise.line}`;
      const check = exerciseCheck(exercise);
      containers += 2 * (request(exercise, exercise.solution).tests === undefined ? 1 : 2);
      tasks.push(async () => {
        const solution = await run(request(exercise, exercise.solution));
        const verdict = grade(solution, check);
        if (verdict.status === "passed") summary.solutions_passed += 1;
        else problems.push({ where, problem: `exercise "${exercise.id}": the reference solution does not pass (${verdict.status})`, details: explain(verdict, solution, check) });

        const starter = await run(request(exercise, exercise.starterCode));
        const starterVerdict = grade(starter, check);
        let starterOk = false;
        if (starterVerdict.status === "busy" || starterVerdict.status === "unavailable") {
          problems.push({ where, problem: `exercise "${exercise.id}": the starter code could not be run (${starterVerdict.status})`, details: [`  ${starterVerdict.message}`] });
        } else if (starterVerdict.status === "tests_failed" && starterVerdict.tests.length === 0) {
          // No test ran at all, so nothing shows that the starter fails the tests.
          problems.push({ where, problem: `exercise "${exercise.id}": the starter code could not be checked`, details: explain(starterVerdict, starter, check) });
        } else if (starterVerdict.status === "passed") {
          problems.push({ where, problem: `exercise "${exercise.id}": the starter code already passes; a learner would solve it without changing anything`, details: [] });
        } else {
          summary.starters_failed += 1;
          starterOk = true;
        }
        say(`${verdict.status === "passed" && starterOk ? "ok  " : "FAIL"} ${exercise.id} (${where}): solution ${verdict.status}, starter ${starterVerdict.status}`);
      });
    }
    for (const example of options.select && !options.select.examples(lesson.file) ? [] : lesson.examples) {
      summary.examples += 1;
      containers += 1;
      const where = `${lesson.file}:${example.line}`;
      tasks.push(async () => {
        const result = await run({ code: example.code });
        if (BROKEN_EXAMPLE.has(result.outcome)) {
          problems.push({ where, problem: `runnable example ends in ${result.outcome}`, details: "message" in result ? [`  ${result.message}`] : [] });
        } else summary.examples_ok += 1;
        say(`${BROKEN_EXAMPLE.has(result.outcome) ? "FAIL" : "ok  "} example (${where}): ${result.outcome}`);
      });
    }
    for (const sample of lesson.samples) {
      summary.samples += 1;
      containers += 1;
      const where = `${lesson.file}:${sample.line}`;
      tasks.push(async () => {
        const result = await run({ code: sample.code });
        const problem = sampleProblem(sample, result);
        if (problem) problems.push({ where, ...problem });
        else summary.samples_ok += 1;
        say(`${problem ? "FAIL" : "ok  "} sample${sample.fails ? ` (${FAILS_META})` : ""} (${where}): ${result.outcome}`);
      });
    }
  }
  claimTasks();
  // Named files: the summary is theirs alone.
  if (only) {
    summary.lessons = files.filter((f) => only.has(path.normalize(f))).length;
    summary.practice = practiceFiles.filter((f) => only.has(path.normalize(f))).length;
  }
  options.onPlan?.(containers);
  await inParallel(withFileProgress(tasks, fileOfTask, problems, options.onFile), options.concurrency ?? 2);
  problems.sort((a, b) => a.where.localeCompare(b.where, "en", { numeric: true }));
  summary.problems = problems.length;
  return { summary, problems };
}

/** Outcomes a sample marked `fails` may end in: the error it is there to show. */
const SAMPLE_ERRORS = new Set(["compile_error", "runtime_error"]);

/**
 * Why a prose sample is wrong, or null when it ends as its marker says: an unmarked sample runs to
 * its end (outcome ok), one marked `fails` stops at a compile or runtime error. A limit, a crash or
 * an unavailable sandbox is a problem either way.
 */
export function sampleProblem(sample: ParsedSample, result: RunResult): Omit<ContentProblem, "where"> | null {
  if (sample.fails) {
    if (SAMPLE_ERRORS.has(result.outcome)) return null;
    if (result.outcome === "ok") {
      return { problem: `a sample marked \`\`\`elixir ${FAILS_META} runs without an error: remove "${FAILS_META}" or make it fail`, details: result.stdout ? block("output", result.stdout) : [] };
    }
    return { problem: `a sample marked \`\`\`elixir ${FAILS_META} ends in ${result.outcome}, not in a compile or runtime error`, details: outcomeDetails(result) };
  }
  if (result.outcome === "ok") return null;
  if (SAMPLE_ERRORS.has(result.outcome)) {
    return { problem: `a sample in prose ends in a ${result.outcome.replace("_", " ")}: fix it, or mark it \`\`\`elixir ${FAILS_META} if the error is the point`, details: outcomeDetails(result) };
  }
  return { problem: `a sample in prose ends in ${result.outcome}`, details: outcomeDetails(result) };
}

function outcomeDetails(result: RunResult): string[] {
  switch (result.outcome) {
    case "compile_error":
    case "runtime_error":
      return [`  ${result.outcome.replace("_", " ")}${result.line === null ? "" : ` at line ${result.line} of the sample`}: ${result.message}`];
    case "timeout":
      return [`  did not finish within ${result.timeoutMs} ms`];
    case "crashed":
      return [`  the VM exited with status ${result.exitCode ?? "unknown"}`, ...(result.stderr ? block("stderr", result.stderr) : [])];
    case "busy":
    case "rejected":
    case "unavailable":
      return [`  ${result.message}`];
    default:
      return [];
  }
}

function request(exercise: ParsedExercise, code: string): RunRequest {
  return exercise.check === "tests" && exercise.tests !== null ? { code, tests: exercise.tests } : { code };
}

/**
 * Outcomes that can come from a loaded machine or a shared engine rather than from the code (a full
 * queue, a container killed from outside, a slow start). Such a run is tried again; code that
 * really loops or eats memory ends the same way every time and is reported.
 */
const TRANSIENT = new Set(["busy", "unavailable", "timeout", "memory_limit", "crashed"]);
const RETRIES = 2;

function withRetry(run: Runner, onRetry: (outcome: string) => void): Runner {
  return async (req) => {
    let result = await run(req);
    for (let attempt = 1; attempt <= RETRIES && TRANSIENT.has(result.outcome); attempt++) {
      onRetry(result.outcome);
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
      result = await run(req);
    }
    return result;
  };
}

/** The tasks, each telling `onFile` when it was the last of its file to end. */
function withFileProgress(tasks: (() => Promise<void>)[], fileOfTask: string[], problems: ContentProblem[], onFile: CheckOptions["onFile"]): (() => Promise<void>)[] {
  if (!onFile) return tasks;
  const left = new Map<string, number>();
  for (const file of fileOfTask) left.set(file, (left.get(file) ?? 0) + 1);
  let done = 0;
  return tasks.map((task, i) => async () => {
    await task();
    const file = fileOfTask[i] ?? "";
    const remaining = (left.get(file) ?? 1) - 1;
    left.set(file, remaining);
    if (remaining > 0) return;
    done += 1;
    onFile(file, problems.filter((p) => p.where.startsWith(`${file}:`)).length, done, left.size);
  });
}

async function inParallel(tasks: (() => Promise<void>)[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (task) await task();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, tasks.length)) }, worker));
}

const MAX_DETAIL_LINES = 12;

function block(label: string, text: string): string[] {
  const lines = text.replace(/\n$/, "").split("\n");
  const shown = lines.slice(0, MAX_DETAIL_LINES).map((l) => `    | ${l}`);
  if (lines.length > MAX_DETAIL_LINES) shown.push(`    | … ${lines.length - MAX_DETAIL_LINES} more lines`);
  return [`  ${label}:`, ...(text === "" ? ["    (nothing)"] : shown)];
}

/** What an author needs to see to fix a failing solution. */
function explain(verdict: Verdict, result: RunResult, check: Check): string[] {
  switch (verdict.status) {
    case "passed":
      return [];
    case "wrong_output":
      return [...block("expected", verdict.expected ?? ""), ...block("actual", verdict.actual), ...(verdict.truncated ? ["  (output was truncated)"] : [])];
    case "tests_failed": {
      if (verdict.tests.length === 0) {
        return [
          `  the sandbox returned no test results${check.kind === "tests" ? " (does this sandbox support test-checked exercises yet?)" : ""}`,
          ...(result.stderr ? block("stderr", result.stderr) : []),
        ];
      }
      return verdict.tests.filter((t) => !t.passed).flatMap((t) => [`  test "${t.name}" failed`, ...(t.message ? block("message", t.message) : [])]);
    }
    case "compile_error":
      return [`  compile error${verdict.line === null ? "" : ` at line ${verdict.line}`}: ${verdict.message}`];
    case "runtime_error":
      return [`  runtime error${verdict.line === null ? "" : ` at line ${verdict.line}`}: ${verdict.message}`, ...(verdict.stacktrace ? block("stacktrace", verdict.stacktrace) : [])];
    case "timeout":
      return [`  did not finish within ${verdict.timeoutMs} ms`];
    case "crashed":
      return [`  the VM exited with status ${verdict.exitCode ?? "unknown"}`, ...(verdict.stderr ? block("stderr", verdict.stderr) : [])];
    case "busy":
    case "unavailable":
      return [`  ${verdict.message}`];
    case "memory_limit":
    case "process_limit":
    case "output_limit":
      return [`  hit the sandbox's ${verdict.status.replace("_", " ")}`];
  }
}

/** The report as printed: one block per problem, then the totals. */
export function formatReport(report: CheckReport, seconds?: number): string[] {
  const lines: string[] = [];
  for (const p of report.problems) lines.push(`${p.where}: ${p.problem}`, ...p.details);
  const s = report.summary;
  lines.push(
    `content:check: ${s.lessons} lessons, ${s.exercises} exercises: ${s.solutions_passed} solutions pass, ${s.starters_failed} starters fail, ` +
      `${s.examples_ok}/${s.examples} examples run, ${s.samples_ok}/${s.samples} samples as marked; ${s.problems === 0 ? "no problems" : `${s.problems} problem${s.problems === 1 ? "" : "s"}`}${seconds === undefined ? "" : ` (${seconds.toFixed(1)} s)`}`,
  );
  return lines;
}
