// POST /api/runs: one learner run over plain HTTP (the exercise UI, the load test). The contract,
// status by status, is in docs/architecture.md ("POST /api/runs"); only a 200 is stored.
import { ensureLearnerId } from "@/lib/auth/learner";
import { runExercise } from "@/lib/exercises/run-exercise";
import { requestClientAddress } from "@/lib/http/request";
import { isCrossOrigin, jsonResponse, logRefusal, readJsonBody } from "@/lib/runs/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Twice the largest source (64 KiB) leaves room for JSON escapes. */
const MAX_BODY_BYTES = 128 * 1024;

export async function POST(request: Request): Promise<Response> {
  const address = await requestClientAddress();
  let learnerId: string | null = null;
  const refuse = (status: number, kind: string, message: string, extra: Record<string, unknown> = {}) => {
    logRefusal(status, kind, learnerId, address, message);
    return jsonResponse(status, { kind, message, ...extra });
  };

  try {
    if (isCrossOrigin(request.headers)) return refuse(403, "forbidden", "Runs can only be sent from this site's own pages.");
    const body = await readJsonBody(request, MAX_BODY_BYTES);
    if (!body.ok) return refuse(body.status, "invalid", body.message);

    learnerId = await ensureLearnerId();
    const state = await runExercise(body.value, learnerId, address);
    switch (state.kind) {
      case "verdict": {
        const { submissionId, verdict, attempts, solved, failedAttempts } = state;
        return jsonResponse(200, { kind: "verdict", submissionId, verdict, attempts, solved, failedAttempts });
      }
      case "invalid":
        return refuse(400, "invalid", state.message);
      case "rate_limited":
        return refuse(429, "rate_limited", state.message, { retryAfterMs: state.retryAfterMs });
      case "busy":
      case "unavailable":
        return refuse(503, state.kind, state.message, { retryAfterMs: state.retryAfterMs });
      case "idle":
      case "error":
        throw new Error(`runExercise returned ${state.kind}`);
    }
  } catch (error) {
    console.error(`run: 500 error learner=${learnerId?.slice(0, 8) ?? "-"} address=${address}`, error);
    return jsonResponse(500, { kind: "error", message: "Something went wrong on our side, not in your code. Please try again." });
  }
}
