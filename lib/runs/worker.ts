// The sandbox-worker's side of the run queue: a BullMQ Worker that runs each job through this
// host's container pool (lib/sandbox run()) and returns the RunResult. Its lock (WORKER_LOCK_MS) is
// renewed while a run goes on; when the process dies the lock expires, another worker's stalled
// check puts the job back and someone else runs it under the same id. A local pool answering
// busy/unavailable throws, so the job is retried (on this or another worker) instead of reaching
// the learner as this worker's problem; after "unavailable" (its engine down, its image missing)
// this worker also stops taking jobs for a few seconds, so it does not take every retry. Never
// imports the database: workers need only Redis and a Docker engine. No "server-only": it runs
// under tsx in the worker process.
import { type Job, Worker } from "bullmq";
import { run as runInPool } from "@/lib/sandbox";
import type { RunRequest, RunResult } from "@/lib/sandbox/types";
import { MAX_STALLED_COUNT, stalledIntervalMs } from "./queue-config";
import { bullConnection } from "./redis";
import { OutageLog, RUNS_QUEUE, type RedisSettings, describeRedisError } from "./redis-errors";
import { failedRun, parseRunRequest } from "./run-result";

export interface RunWorkerOptions extends RedisSettings {
  workerId: string;
  concurrency: number;
  lockMs: number;
  /** The sandbox; tests may wrap it. */
  run?: (request: RunRequest) => Promise<RunResult>;
  log?: (line: string) => void;
}

/** How long a worker whose sandbox is unavailable leaves jobs to the others. */
const UNAVAILABLE_PAUSE_MS = 5_000;

/** Thrown for a run this worker's pool could not take; BullMQ retries the job. */
class RetryElsewhereError extends Error {
  override name = "RetryElsewhereError";
}

export function createRunWorker(options: RunWorkerOptions): Worker<RunRequest, RunResult> {
  const run = options.run ?? runInPool;
  const log = options.log ?? ((line: string) => console.error(line));
  const outage = new OutageLog({ down: (error) => `worker: ${describeRedisError(options.url, error)}`, up: "worker: Redis answers again" }, log);
  let resting = false;
  const worker = new Worker<RunRequest, RunResult>(
    RUNS_QUEUE,
    async (job: Job<RunRequest, RunResult>) => {
      const request = parseRunRequest(job.data);
      if (!request) return failedRun("rejected", "The run request was malformed.");
      log(`worker: job ${job.id} started (attempt ${job.attemptsStarted}, stalled ${job.stalledCounter})`);
      const result = await run(request);
      if (result.outcome === "busy" || result.outcome === "unavailable") {
        log(`worker: job ${job.id} handed back: ${result.message}`);
        if (result.outcome === "unavailable" && !resting && !worker.closing) {
          resting = true;
          void worker.pause(true).then(() =>
            setTimeout(() => {
              resting = false;
              if (!worker.closing) worker.resume();
            }, UNAVAILABLE_PAUSE_MS).unref(),
          );
        }
        throw new RetryElsewhereError(result.message);
      }
      log(`worker: job ${job.id} finished: ${result.outcome} in ${Math.round(result.durationMs)} ms`);
      return result;
    },
    {
      connection: bullConnection(options),
      prefix: options.prefix,
      name: options.workerId,
      concurrency: options.concurrency,
      lockDuration: options.lockMs,
      stalledInterval: stalledIntervalMs(options.lockMs),
      maxStalledCount: MAX_STALLED_COUNT,
      autorun: false,
    },
  );
  worker.on("error", (error) => outage.failed(error));
  worker.on("ready", () => outage.succeeded());
  worker.on("failed", (job, error) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) log(`worker: job ${job.id} failed for good: ${error.message}`);
  });
  return worker;
}
