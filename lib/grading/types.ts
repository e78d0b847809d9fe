// What a learner is told about one run of one exercise. This is the shape the server action
// returns and the exercise UI renders; it carries no expected answer unless the learner has
// already produced output to compare it with.

import type { TestResult } from "@/lib/sandbox/types";

export type { TestResult };

export type Verdict =
  | { status: "passed"; stdout: string; durationMs: number; tests?: TestResult[] }
  | { status: "wrong_output"; expected: string; actual: string; durationMs: number; truncated: boolean }
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

/** The state the run action hands back to the exercise component (React `useActionState`). */
export type RunState =
  | { kind: "idle" }
  | { kind: "invalid"; message: string }
  | { kind: "verdict"; verdict: Verdict; attempts: number; solved: boolean };
