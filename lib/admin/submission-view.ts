// What a learner saw for one submission, rebuilt for the admin: the verdict in words, the output,
// the line diff against the expected output (unmasked: the admin may see it), the test results
// and the error with its line, next to the code. Also the one-line message every verdict kind
// gets in the lists and the error groups, so no row is left with an empty message.
import "server-only";
import { db } from "@/lib/db";
import { diffLines, type DiffRow } from "@/lib/grading/diff";
import type { VerdictStatus } from "@/lib/grading/types";
import { VERDICT_LABELS } from "./filters";

/** What the learner was told, for verdicts whose row carries no message of its own. */
const VERDICT_MESSAGES: Record<VerdictStatus, string> = {
  passed: "Passed.",
  wrong_output: "The output differs from the expected output.",
  tests_failed: "Some tests failed.",
  compile_error: "The code does not compile.",
  runtime_error: "The code raised an exception.",
  timeout: "The code did not finish in time.",
  memory_limit: "The code used more memory than the sandbox allows.",
  process_limit: "The code started more processes than the sandbox allows.",
  output_limit: "The code printed more output than the sandbox allows.",
  crashed: "The Elixir VM stopped unexpectedly.",
  busy: "The sandbox was busy; the learner was asked to retry (not counted).",
  unavailable: "The sandbox was unavailable (not counted).",
};

/** A one-line message for a list row or an error group: its own message, else the verdict's. */
export function verdictMessage(verdict: string, message: string | null): string {
  if (message) return message;
  return VERDICT_MESSAGES[verdict as VerdictStatus] ?? verdict;
}

export function verdictLabel(verdict: string): string {
  return VERDICT_LABELS[verdict as VerdictStatus] ?? verdict;
}

export interface TestLine {
  name: string;
  passed: boolean;
  message: string | null;
}

export interface SubmissionView {
  id: string;
  createdAt: Date;
  learnerId: string;
  learnerName: string | null;
  exercise: { id: string; title: string; check: string; lessonSlug: string; lessonTitle: string };
  code: string;
  verdict: string;
  verdictLabel: string;
  passed: boolean;
  outcome: string;
  /** The verdict's message as the learner read it. */
  message: string;
  errorLine: number | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  exitCode: number | null;
  durationMs: number;
  /** Expected output against the learner's, for a wrong output; null otherwise. */
  diff: DiffRow[] | null;
  tests: TestLine[];
}

function parseTests(json: string | null): TestLine[] {
  if (!json) return [];
  try {
    const parsed: unknown = JSON.parse(json);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((t: unknown) => {
      if (!t || typeof t !== "object") return [];
      const name = Reflect.get(t, "name");
      const passed = Reflect.get(t, "passed");
      const message = Reflect.get(t, "message");
      return typeof name === "string" && typeof passed === "boolean" ? [{ name, passed, message: typeof message === "string" ? message : null }] : [];
    });
  } catch {
    return [];
  }
}

export async function getSubmissionView(id: string): Promise<SubmissionView | null> {
  if (id.length > 100) return null;
  const s = await db.submission.findUnique({
    where: { id },
    select: {
      id: true, createdAt: true, code: true, outcome: true, verdict: true, passed: true, stdout: true, stderr: true,
      message: true, errorLine: true, exitCode: true, truncated: true, testResults: true, durationMs: true,
      learnerId: true, learner: { select: { username: true } },
      exercise: { select: { id: true, title: true, check: true, expectedOutput: true, lesson: { select: { slug: true, title: true } } } },
    },
  });
  if (!s) return null;
  return {
    id: s.id,
    createdAt: s.createdAt,
    learnerId: s.learnerId,
    learnerName: s.learner.username,
    exercise: { id: s.exercise.id, title: s.exercise.title, check: s.exercise.check, lessonSlug: s.exercise.lesson.slug, lessonTitle: s.exercise.lesson.title },
    code: s.code,
    verdict: s.verdict,
    verdictLabel: verdictLabel(s.verdict),
    passed: s.passed,
    outcome: s.outcome,
    message: verdictMessage(s.verdict, s.message),
    errorLine: s.errorLine,
    stdout: s.stdout,
    stderr: s.stderr,
    truncated: s.truncated,
    exitCode: s.exitCode,
    durationMs: s.durationMs,
    diff: s.verdict === "wrong_output" && s.exercise.expectedOutput !== null ? diffLines(s.exercise.expectedOutput, s.stdout) : null,
    tests: parseTests(s.testResults),
  };
}
