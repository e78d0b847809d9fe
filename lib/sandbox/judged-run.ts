// A run with tests, in two single-use containers from the pool. The learner's container runs the
// program and then answers calls ("serve"); the judge's container compiles the exercise's tests
// against proxies of the learner's modules and runs them ("judge"). Every call from a test to
// the learner's code, and every answer, is a relay frame that this module checks for shape and
// passes to the other side's stdin. The tests' text and their expected values never enter the
// learner's container, and only the judge's signed result can carry passing tests: whatever the
// learner's VM writes is data to the judge, never a verdict.
import type { Housekeeping, SandboxPool } from "./pool";
import { RELAY_TYPES } from "./protocol";
import type { SandboxSession } from "./session";
import type { RunResult } from "./types";

type Side = { side: "judge" | "learner"; result: RunResult };

export async function judgedRun(pool: SandboxPool, code: string, tests: string, timeoutMs: number, housekeeping?: Housekeeping): Promise<RunResult> {
  const first = await pool.acquire();
  if (first.kind !== "session") return failure(first.kind, first.message);
  const second = await pool.acquire();
  if (second.kind !== "session") {
    pool.release(first.session);
    return failure(second.kind, second.message);
  }
  const learner = first.session;
  const judge = second.session;
  const started = performance.now();
  try {
    const judgeEnd = judge.open("judge", tests, timeoutMs, RELAY_TYPES.fromJudge, (line) => learner.send(line));
    const learnerEnd = learner.open("serve", code, timeoutMs, RELAY_TYPES.fromLearner, (line) => judge.send(line));
    // The side that loses the race ends when its container is removed; nobody waits for that.
    judgeEnd.catch(() => undefined);
    learnerEnd.catch(() => undefined);
    const ended = await Promise.race([
      judgeEnd.then((result): Side => ({ side: "judge", result })),
      learnerEnd.then((result): Side => ({ side: "learner", result })),
    ]);
    return combine(ended, learner, Math.round(performance.now() - started));
  } finally {
    pool.release(learner, housekeeping);
    pool.release(judge, housekeeping);
  }
}

function combine(ended: Side, learner: SandboxSession, durationMs: number): RunResult {
  const output = learner.outputSoFar(durationMs);
  if (ended.side === "judge") {
    // The verdict; what the learner saw printed is the learner's program's output.
    return { ...ended.result, ...output, truncated: output.truncated || ended.result.truncated };
  }
  // The learner's VM ended first: its compile error, exception or limit is the outcome. It never
  // legitimately reports "ok" while tests are pending: such a claim means the program stopped
  // answering the tests.
  if (ended.result.outcome === "ok") return { ...output, outcome: "crashed", exitCode: null };
  return ended.result;
}

function failure(outcome: "busy" | "unavailable", message: string): RunResult {
  return { outcome, message, stdout: "", stderr: "", truncated: false, durationMs: 0 };
}
