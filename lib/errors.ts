// The expected failures of a request, as one typed error with codes, and the one map of what a
// learner is told about each. Route handlers turn a code into an HTTP status; server actions and
// the UI show the message. Unexpected failures stay ordinary errors (error.tsx, a 500).

/** Every expected failure of a learner request. */
export type ErrorCode =
  | "invalid"
  | "too_large"
  | "unsupported_type"
  | "forbidden"
  | "no_cookie"
  | "malformed"
  | "rate_limited"
  | "busy"
  | "unavailable"
  | "error"
  | "offline";

/** What a learner reads for each code, unless the failure carries a more precise sentence. */
export const USER_MESSAGES: Record<ErrorCode, string> = {
  invalid: "The server refused this request.",
  too_large: "The request is too large; shorten your code.",
  unsupported_type: "Send the run as application/json.",
  forbidden: "Runs can only be sent from this site's own pages.",
  no_cookie: "Your browser did not send the learner cookie; enable cookies for this site and reload.",
  malformed: "This request was malformed; reload the page and try again.",
  rate_limited: "You are running code faster than this site allows; wait a moment and run it again.",
  busy: "Every sandbox is in use right now; try again in a moment.",
  unavailable: "The sandbox is unavailable right now; try again in a moment.",
  error: "Something went wrong on our side, not in your code. Please try again.",
  offline: "Could not reach the server; check your connection. Your code is still here, so try again in a moment.",
};

/** The HTTP status and the JSON `kind` of each code (docs/architecture.md, "POST /api/runs"). */
export const HTTP_ANSWER: Record<ErrorCode, { status: number; kind: string }> = {
  invalid: { status: 400, kind: "invalid" },
  malformed: { status: 400, kind: "invalid" },
  no_cookie: { status: 400, kind: "invalid" },
  too_large: { status: 413, kind: "invalid" },
  unsupported_type: { status: 415, kind: "invalid" },
  forbidden: { status: 403, kind: "forbidden" },
  rate_limited: { status: 429, kind: "rate_limited" },
  busy: { status: 503, kind: "busy" },
  unavailable: { status: 503, kind: "unavailable" },
  error: { status: 500, kind: "error" },
  offline: { status: 503, kind: "error" },
};

/** An expected failure: a code, the sentence for the learner, and when to retry if that helps. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = USER_MESSAGES[code],
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "AppError";
  }
}
