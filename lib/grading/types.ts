// What a learner is told about one run of one exercise. This is the shape the server action
// returns and the exercise UI renders; it carries no expected answer until the learner has
// earned it (learner-view.ts).

import type { TestResult } from "@/lib/sandbox/types";

export type { TestResult };

/** One row of the output diff; an expected row's text is null while it is masked. */
export type ShownDiffRow = { kind: "same" | "actual"; text: string } | { kind: "expected"; text: string | null; chars: number };

export type Verdict =
  | { status: "passed"; stdout: string; durationMs: number; tests?: TestResult[] }
  /**
   * `diff` compares the expected output with the learner's, line by line; `note` explains a
   * difference the rows cannot show (a final newline). `expected` is null, and the expected rows'
   * text too, until the learner has earned the answer (learner-view.ts).
   */
  | { status: "wrong_output"; expected: string | null; diff: ShownDiffRow[]; note: string | null; actual: string; durationMs: number; truncated: boolean }
  /** A test-checked exercise ran, but at least one test failed. */
  | { status: "tests_failed"; tests: TestResult[]; stdout: string; durationMs: number }
  | { status: "compile_error"; message: string; line: number | null; durationMs: number }
  | { status: "runtime_error"; message: string; line: number | null; stacktrace: string; stdout: string; durationMs: number }
  | { status: "timeout"; timeoutMs: number; stdout: string; durationMs: number }
  | { status: "memory_limit"; stdout: string; durationMs: number }
  | { status: "process_limit"; stdout: string; durationMs: number }
  | { status: "output_limit"; stdout: string; durationMs: number }
  | { status: "crashed"; exitCode: number | null; stdout: string; stderr: string; durationMs: number }
  | { status: "busy"; message: string }
  | { status: "unavailable"; message: string };

export type VerdictStatus = Verdict["status"];

/**
 * Verdicts that say nothing about the learner's code (the sandbox was busy or down): not attempts,
 * so they count neither towards unlocking the solution nor in the admin's attempts and pass rates.
 */
export const NOT_AN_ATTEMPT = ["busy", "unavailable"] as const satisfies readonly VerdictStatus[];

/**
 * A run that was not accepted for reasons outside the learner's code; nothing was stored. `busy`
 * and `rate_limited` are retried automatically by the UI after `retryAfterMs`; `unavailable`
 * (sandbox or database down) offers a Retry button; `error` is a failure of the request itself.
 */
export type RunRefusal =
  | { kind: "busy"; message: string; retryAfterMs: number }
  | { kind: "rate_limited"; message: string; retryAfterMs: number }
  | { kind: "unavailable"; message: string; retryAfterMs: number }
  | { kind: "error"; message: string };

/** The state of one exercise run that the exercise component renders. */
export type RunState =
  | { kind: "idle" }
  | { kind: "invalid"; message: string }
  | RunRefusal
  | { kind: "verdict"; verdict: Verdict; attempts: number; solved: boolean };
