// Where a sandbox run goes: the in-process pool (embedded mode, no REDIS_URL) or a job on the Redis
// queue for the sandbox-worker processes (scale-out mode). Callers choose the run id first: for an
// exercise run it is the submission id it will be stored under, so a job retried on another worker
// still ends in one row. The queue (BullMQ, ioredis) is loaded only in scale-out mode.
// `housekeeping` (lib/sandbox/pool.ts) applies to the in-process pool; a worker cleans up on its own.
import "server-only";
import { type Housekeeping, run } from "@/lib/sandbox";
import type { RunRequest, RunResult } from "@/lib/sandbox/types";
import { type QueueSettings, queueSettingsFromEnv } from "./queue-settings";

export async function runSandbox(
  request: RunRequest,
  runId: string,
  settings: QueueSettings | null = queueSettingsFromEnv(),
  housekeeping?: Housekeeping,
): Promise<RunResult> {
  if (!settings) return run(request, { housekeeping });
  const { runQueueClient } = await import("./queue");
  return runQueueClient(settings).run(request, runId);
}
