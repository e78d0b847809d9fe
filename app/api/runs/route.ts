// POST /api/runs: a learner run as JSON, for the exercise page's Run button
// (components/exercise/post-run.ts) and for scripts (the load tests). A thin adapter over
// lib/exercises/submit-run.ts: it reads a capped JSON body and maps the state to a status. The
// contract, status by status, is in docs/architecture.md ("POST /api/runs"); only a 200 is stored.
import { AppError, HTTP_ANSWER, USER_MESSAGES } from "@/lib/errors";
import { RunTiming } from "@/lib/exercises/run-timing";
import { submitRun } from "@/lib/exercises/submit-run";
import { jsonResponse, logRefusal, readJsonBody } from "@/lib/http/json";
import { requestClientAddress } from "@/lib/http/request";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Twice the largest source (64 KiB) leaves room for JSON escapes. */
const MAX_BODY_BYTES = 128 * 1024;

export async function POST(request: Request): Promise<Response> {
  const timing = new RunTiming();
  try {
    const state = await submitRun(() => readJsonBody(request, MAX_BODY_BYTES), timing);
    let response: Response;
    if (state.kind === "verdict") {
      const { submissionId, verdict, attempts, solved, failedAttempts } = state;
      response = jsonResponse(200, { kind: "verdict", submissionId, verdict, attempts, solved, failedAttempts });
    } else {
      const { status, kind } = HTTP_ANSWER[state.kind];
      response = jsonResponse(status, { ...state, kind });
    }
    // Where the time went on the server (lib/exercises/run-timing.ts); the browser's devtools show it.
    response.headers.set("Server-Timing", timing.header());
    return response;
  } catch (error) {
    const known = error instanceof AppError ? error : null;
    if (!known) console.error("run: 500 error (api)", error);
    const { status, kind } = HTTP_ANSWER[known?.code ?? "error"];
    const message = known?.message ?? USER_MESSAGES.error;
    if (known && known.code !== "forbidden") logRefusal(status, kind, null, await requestClientAddress(), `api: ${message}`);
    return jsonResponse(status, { kind, message, ...(known?.retryAfterMs === undefined ? {} : { retryAfterMs: known.retryAfterMs }) });
  }
}
