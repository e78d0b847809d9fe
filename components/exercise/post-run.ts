// The exercise runner's Run: one POST /api/runs (app/api/runs/route.ts) from the page, a plain
// JSON request to the route handler. A server action would cost the verdict Next's action
// decoding and an RSC response on top of the same submitRun; the route carries the same checks
// (cross-origin refusal, JSON only, size cap, the learner's cookie) and answers the run's state
// as JSON. Anything the page cannot read as a state (a proxy's error page, a dropped connection)
// throws, and the runner shows the "offline" message.
import type { ExerciseRunState } from "@/lib/exercises/run-exercise";
import { USER_MESSAGES } from "@/lib/errors";

const STATES = new Set(["verdict", "invalid", "busy", "rate_limited", "unavailable", "error"]);

export async function postRun(exerciseId: string, code: string): Promise<ExerciseRunState> {
  const response = await fetch("/api/runs", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ exerciseId, code }),
    credentials: "same-origin",
    cache: "no-store",
  });
  const body = (await response.json()) as { kind?: unknown; message?: unknown };
  if (typeof body.kind !== "string") throw new Error(`POST /api/runs answered ${response.status} without a kind`);
  if (STATES.has(body.kind)) return body as ExerciseRunState;
  // "forbidden" (a cross-origin request) and any kind this page does not know.
  return { kind: "error", message: typeof body.message === "string" ? body.message : USER_MESSAGES.error };
}
