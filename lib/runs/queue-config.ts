// What the web side (queue.ts) and the sandbox-worker (worker.ts) agree on about a run job. No
// "server-only": the worker process imports it.
import { BOOT_TIMEOUT_MS, EXIT_DRAIN_MS, KILL_GRACE_MS, clampTimeout } from "@/lib/sandbox/limits";
import type { RunRequest } from "@/lib/sandbox/types";

/** Attempts of one job: a worker's pool that answers busy/unavailable hands it on to another try. */
export const JOB_ATTEMPTS = 3;
export const RETRY_DELAY_MS = 500;
/** Times a job may lose its worker (lock expired) and still be run again. */
export const MAX_STALLED_COUNT = 2;

/** How often workers look for jobs whose worker went silent: half the lock. */
export function stalledIntervalMs(lockMs: number): number {
  return Math.max(500, Math.floor(lockMs / 2));
}

/** The longest one attempt of this request can take on a worker: a container boot, the budget, the kill and drain. */
function attemptBudgetMs(request: RunRequest): number {
  return clampTimeout(request.timeoutMs) + BOOT_TIMEOUT_MS + KILL_GRACE_MS + EXIT_DRAIN_MS;
}

/**
 * How long a web instance waits for a job it enqueued: the pickup wait, one attempt, then the
 * time to notice a dead worker (lock + one stalled check) and a second attempt elsewhere.
 */
export function overallBudgetMs(request: RunRequest, pickupWaitMs: number, lockMs: number): number {
  return pickupWaitMs + 2 * attemptBudgetMs(request) + lockMs + stalledIntervalMs(lockMs) + JOB_ATTEMPTS * RETRY_DELAY_MS;
}
