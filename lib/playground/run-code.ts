// Runs code a learner wrote outside an exercise: an edited lesson example or the playground. It is
// a sandbox run like an exercise's (rate limits per learner and address, admission, the pool or
// the run queue), with nothing graded or stored: the answer is the run's outcome and output.
import "server-only";
import { randomUUID } from "node:crypto";
import { USER_MESSAGES } from "@/lib/errors";
import type { ExampleRunState } from "@/lib/lessons/example-types";
import { runSandbox } from "@/lib/runs/dispatch";
import { BUSY_RETRY_MS, UNAVAILABLE_RETRY_MS, admitSandboxWork } from "@/lib/runs/gate";
import type { RunResult } from "@/lib/sandbox/types";

export async function runCode(code: string, learnerId: string | null, address: string): Promise<ExampleRunState> {
  if (!learnerId) return { kind: "invalid", message: USER_MESSAGES.no_cookie };
  const admitted = await admitSandboxWork(learnerId, address, () => runSandbox({ code }, randomUUID()));
  if (!admitted.ok) return { kind: admitted.kind, message: admitted.message, retryAfterMs: admitted.retryAfterMs };
  return runState(admitted.value);
}

/** A sandbox result as the example/playground UI shows it. */
function runState(result: RunResult): ExampleRunState {
  if (result.outcome === "busy") return { kind: "busy", message: result.message, retryAfterMs: BUSY_RETRY_MS };
  if (result.outcome === "unavailable") return { kind: "unavailable", message: result.message, retryAfterMs: UNAVAILABLE_RETRY_MS };
  return {
    kind: "result",
    outcome: result.outcome,
    stdout: result.stdout,
    stderr: result.stderr,
    message: "message" in result ? result.message : null,
    durationMs: Math.round(result.durationMs),
  };
}
