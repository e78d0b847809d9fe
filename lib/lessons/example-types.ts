// What the "Run this" button of a runnable example gets back from the server. Shared by the
// server action and the client component, so it holds types only.
import type { RunOutcome } from "@/lib/sandbox/types";

export type ExampleRunState =
  | { kind: "idle" }
  | { kind: "invalid"; message: string }
  /** Not run: no sandbox free, too many runs, or the sandbox is down. The UI retries the first two by itself. */
  | { kind: "busy" | "rate_limited" | "unavailable"; message: string; retryAfterMs: number }
  /** The request itself failed (network, server error); set by the client. */
  | { kind: "error"; message: string }
  | { kind: "result"; outcome: RunOutcome; stdout: string; stderr: string; message: string | null; durationMs: number };
