// The browser's side of POST /api/runs: one attempt, every answer turned into a state the exercise
// runner renders (a network failure or a non-JSON answer from a proxy included), never a throw.
import type { ExerciseRunState } from "@/lib/exercises/run-exercise";

const NETWORK = "Could not reach the server; check your connection. Your code is still here, so try again in a moment.";

export async function postRun(exerciseId: string, code: string, fetcher: typeof fetch = fetch): Promise<ExerciseRunState> {
  let response: Response;
  try {
    response = await fetcher("/api/runs", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ exerciseId, code }),
      credentials: "same-origin",
    });
  } catch {
    return { kind: "error", message: NETWORK };
  }
  let body: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === "object") body = parsed as Record<string, unknown>;
  } catch {
    body = null;
  }
  const message = typeof body?.message === "string" ? body.message : null;
  const retryAfterMs =
    typeof body?.retryAfterMs === "number" ? body.retryAfterMs : 1_000 * (Number(response.headers.get("retry-after")) || 2);

  switch (body?.kind) {
    case "verdict":
      if (response.ok) return body as unknown as ExerciseRunState;
      break;
    case "invalid":
    case "forbidden":
      return { kind: "invalid", message: message ?? "The server refused this run." };
    case "busy":
    case "rate_limited":
    case "unavailable":
      return { kind: body.kind, message: message ?? "Try again in a moment.", retryAfterMs };
  }
  // Busy answers from a proxy in front (no JSON) are retried like ours.
  if (response.status === 429 || response.status === 503) {
    return { kind: "busy", message: "The server is busy right now.", retryAfterMs };
  }
  return {
    kind: "error",
    message: `${message ?? "Something went wrong on our side, not in your code."} (HTTP ${response.status}) Your code is still here; try again.`,
  };
}
