// Runs code a learner wrote outside an exercise: an edited lesson example or the playground. It is
// a sandbox run like an exercise's (rate limits per learner and address, admission, the pool or
// the run queue), with nothing graded or stored: the answer is the run's outcome and output.
import "server-only";
import { randomUUID } from "node:crypto";
import { USER_MESSAGES } from "@/lib/errors";
import type { ExampleRunState } from "@/lib/lessons/example-types";
import { exampleRunState } from "@/lib/lessons/run-example";
import { runSandbox } from "@/lib/runs/dispatch";
import { admitSandboxWork } from "@/lib/runs/gate";
import type { Housekeeping } from "@/lib/sandbox";

/** `housekeeping`: when the sandbox cleans up after the run (lib/sandbox/pool.ts); actions pass Next's `after`. */
export async function runCode(code: string, learnerId: string | null, address: string, housekeeping?: Housekeeping): Promise<ExampleRunState> {
  if (!learnerId) return { kind: "invalid", message: USER_MESSAGES.no_cookie };
  const admitted = await admitSandboxWork(learnerId, address, () => runSandbox({ code }, randomUUID(), undefined, housekeeping));
  if (!admitted.ok) return { kind: admitted.kind, message: admitted.message, retryAfterMs: admitted.retryAfterMs };
  return exampleRunState(admitted.value);
}
