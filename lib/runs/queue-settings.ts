// Where runs go, from the environment: null without REDIS_URL (embedded mode, the in-process
// pool), else the run queue's settings. Loads no Redis client.
import "server-only";
import { env } from "@/lib/env";
import type { RedisSettings } from "./redis-errors";

export interface QueueSettings extends RedisSettings {
  /** How long a job may wait for a worker before the learner hears "busy" (RUNS_QUEUE_WAIT_MS). */
  pickupWaitMs: number;
  /** The workers' lock (WORKER_LOCK_MS): how long a dead worker's job takes to be run elsewhere. */
  lockMs: number;
}

export function queueSettingsFromEnv(): QueueSettings | null {
  if (!env.REDIS_URL) return null;
  return { url: env.REDIS_URL, prefix: env.REDIS_PREFIX, timeoutMs: env.REDIS_TIMEOUT_MS, pickupWaitMs: env.RUNS_QUEUE_WAIT_MS, lockMs: env.WORKER_LOCK_MS };
}
