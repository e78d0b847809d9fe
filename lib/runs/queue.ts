// The web side of the run queue (scale-out mode, docs/architecture.md "Run queue and workers"):
// a run becomes a BullMQ job with the run's id as job id, some sandbox-worker process runs it, and
// the web instance that enqueued it waits for the RunResult. One Queue + QueueEvents per process
// (processSingleton: Next.js bundles route handlers and server actions separately).
//
// Waiting has two bounds. No worker takes the job within `pickupWaitMs`: the job is removed and
// the answer is "busy" (unless the removal loses the race to a worker, then the run goes on). A
// taken job that has no result within the overall budget (overallBudgetMs: one retry on another
// worker after a dead one's lock expired included) or that failed is "unavailable". Results come
// from QueueEvents; a poll of the job's state every second backs that up, so a missed event
// (the events reader starting or reconnecting) costs a second, not the run.
import "server-only";
import { Job, Queue, QueueEvents } from "bullmq";
import { USER_MESSAGES } from "@/lib/errors";
import { processSingleton } from "@/lib/server/singleton.mjs";
import type { RunRequest, RunResult } from "@/lib/sandbox/types";
import { withTimeout } from "@/lib/with-timeout";
import { JOB_ATTEMPTS, RETRY_DELAY_MS, overallBudgetMs } from "./queue-config";
import type { QueueSettings } from "./queue-settings";
import { bullConnection } from "./redis";
import { OutageLog, RUNS_QUEUE, describeRedisError, redisEndpoint } from "./redis-errors";
import { failedRun, parseRunResult } from "./run-result";

const POLL_MS = 1_000;
const FAST_POLL_MS = 200;
const CLOSE_TIMEOUT_MS = 2_000;
/** Finished jobs stay this long (and at most this many), then Redis forgets them. */
const KEEP_COMPLETED = { age: 120, count: 2_000 };
const KEEP_FAILED = { age: 3_600, count: 2_000 };

type Finish = { kind: "completed"; value: unknown } | { kind: "failed"; reason: string };

class JobWaiter {
  pickedUp = false;
  finish: Finish | null = null;
  private wake: (() => void) | null = null;

  notify(update: { active?: boolean; finish?: Finish }): void {
    if (update.active) this.pickedUp = true;
    if (update.finish && !this.finish) this.finish = update.finish;
    this.wake?.();
  }

  /** Resolves on the next notification or after `ms`. */
  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      const wake = () => done();
      this.wake = wake;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => {
      this.wake = null;
    });
  }
}

class RunQueueClient {
  readonly queue: Queue;
  /** Created once Redis has answered (a QueueEvents that never connected cannot be closed). */
  private events: QueueEvents | null = null;
  private eventsReady = false;
  private readonly waiters = new Map<string, JobWaiter>();
  private readonly outage: OutageLog;

  constructor(readonly settings: QueueSettings) {
    this.outage = new OutageLog({ down: (error) => `runs: ${describeRedisError(settings.url, error)}`, up: `runs: Redis at ${redisEndpoint(settings.url)} answers again` });
    this.queue = new Queue(RUNS_QUEUE, {
      connection: bullConnection(settings),
      prefix: settings.prefix,
      defaultJobOptions: {
        attempts: JOB_ATTEMPTS,
        backoff: { type: "fixed", delay: RETRY_DELAY_MS },
        removeOnComplete: KEEP_COMPLETED,
        removeOnFail: KEEP_FAILED,
      },
    });
    this.queue.on("error", (error) => this.outage.failed(error));
  }

  private listen(): void {
    if (this.events) return;
    const events = new QueueEvents(RUNS_QUEUE, { connection: bullConnection(this.settings), prefix: this.settings.prefix });
    this.events = events;
    events.on("error", (error) => this.outage.failed(error));
    events.on("active", ({ jobId }) => this.waiters.get(jobId)?.notify({ active: true }));
    events.on("completed", ({ jobId, returnvalue }) => this.waiters.get(jobId)?.notify({ active: true, finish: { kind: "completed", value: returnvalue } }));
    // A failed attempt that will be retried also reaches the poll below, which tells the two apart.
    events.on("failed", ({ jobId }) => this.waiters.get(jobId)?.notify({ active: true }));
    void events.waitUntilReady().then(
      () => void (this.eventsReady = true),
      () => undefined,
    );
  }

  /** Runs `request` as job `runId` on some worker; failures of the queue come back as busy/unavailable. */
  async run(request: RunRequest, runId: string): Promise<RunResult> {
    const { timeoutMs, pickupWaitMs } = this.settings;
    const waiter = new JobWaiter();
    this.waiters.set(runId, waiter);
    const started = Date.now();
    try {
      const adding = this.queue.add("run", request, { jobId: runId });
      try {
        await withTimeout(adding, timeoutMs, "adding the job");
        this.outage.succeeded();
        this.listen();
      } catch (error) {
        // A job added after we gave up would run for nobody: remove it once the add gets through.
        void adding.then(() => this.queue.remove(runId)).catch(() => undefined);
        this.outage.failed(error);
        return failedRun("unavailable", describeRedisError(this.settings.url, error));
      }

      const deadline = started + overallBudgetMs(request, pickupWaitMs, this.settings.lockMs);
      const pickupDeadline = started + pickupWaitMs;
      let pollFailures = 0;
      for (;;) {
        if (waiter.finish) return this.answer(waiter.finish);
        const now = Date.now();
        if (!waiter.pickedUp && now >= pickupDeadline) {
          const removed = await this.removeWaiting(runId);
          if (removed === "removed") return waiter.finish ? this.answer(waiter.finish) : this.noWorker();
          if (removed === "error") return failedRun("unavailable", describeRedisError(this.settings.url, { code: "timeout" }));
          waiter.pickedUp = true; // a worker holds it (or it just finished): wait for the result
          continue;
        }
        if (now >= deadline) {
          void this.queue.remove(runId).catch(() => undefined);
          return failedRun("unavailable", `No sandbox worker finished this run within ${Math.round((deadline - started) / 1000)} s; try again in a moment.`);
        }
        // Until the events reader runs, the poll is all there is: poll faster.
        await waiter.sleep(Math.min(this.eventsReady ? POLL_MS : FAST_POLL_MS, (waiter.pickedUp ? deadline : pickupDeadline) - now));
        if (waiter.finish) continue;
        try {
          await this.poll(runId, waiter);
          pollFailures = 0;
        } catch (error) {
          this.outage.failed(error);
          // Redis gone while a worker holds the job: give up once it stays gone past the timeout.
          pollFailures += 1;
          if (pollFailures * POLL_MS > Math.max(timeoutMs, 5_000)) return failedRun("unavailable", describeRedisError(this.settings.url, error));
        }
      }
    } finally {
      this.waiters.delete(runId);
    }
  }

  /** Connected workers, and jobs waiting and running, for /api/health. */
  async counts(): Promise<{ workers: number; waiting: number; active: number }> {
    const [workers, waiting, active] = await Promise.all([this.queue.getWorkersCount(), this.queue.getWaitingCount(), this.queue.getActiveCount()]);
    return { workers, waiting, active };
  }

  async close(): Promise<void> {
    const closing = Promise.allSettled([this.events?.close(), this.queue.close()]);
    await withTimeout(closing, CLOSE_TIMEOUT_MS, "closing the queue").catch(() => undefined);
  }

  private async poll(runId: string, waiter: JobWaiter): Promise<void> {
    const state = await withTimeout(this.queue.getJobState(runId), this.settings.timeoutMs, "reading the job's state");
    if (state === "active") waiter.notify({ active: true });
    if (state === "completed" || state === "failed") {
      const job = await withTimeout(Job.fromId(this.queue, runId), this.settings.timeoutMs, "reading the job");
      if (!job) return;
      waiter.notify({ active: true, finish: state === "completed" ? { kind: "completed", value: job.returnvalue } : { kind: "failed", reason: job.failedReason } });
    } else if (state === "unknown" && waiter.pickedUp) {
      waiter.notify({ finish: { kind: "failed", reason: "the job disappeared from the queue" } });
    }
  }

  /** Removes a job no worker has taken; "locked" when a worker holds it (or it has finished). */
  private async removeWaiting(runId: string): Promise<"removed" | "locked" | "error"> {
    try {
      const state = await withTimeout(this.queue.getJobState(runId), this.settings.timeoutMs, "reading the job's state");
      if (state === "active" || state === "completed" || state === "failed") return "locked";
      const removed = await withTimeout(this.queue.remove(runId), this.settings.timeoutMs, "removing the job");
      return removed === 1 ? "removed" : "locked";
    } catch (error) {
      this.outage.failed(error);
      return "error";
    }
  }

  private answer(finish: Finish): RunResult {
    if (finish.kind === "failed") return failedRun("unavailable", `The sandbox worker could not run this code (${finish.reason || "no reason given"}); try again in a moment.`);
    const result = parseRunResult(finish.value);
    return result ?? failedRun("unavailable", "A sandbox worker sent back a result this server does not understand; try again in a moment.");
  }

  private noWorker(): RunResult {
    return failedRun("busy", USER_MESSAGES.busy);
  }
}

const clientsOfProcess = () => processSingleton("runs.queue-clients", () => new Map<string, RunQueueClient>());

/** This process's client for these settings (created on first use). */
export function runQueueClient(settings: QueueSettings): RunQueueClient {
  const clients = clientsOfProcess();
  const key = `${settings.url}|${settings.prefix}|${settings.pickupWaitMs}|${settings.lockMs}|${settings.timeoutMs}`;
  let client = clients.get(key);
  if (!client) {
    client = new RunQueueClient(settings);
    clients.set(key, client);
  }
  return client;
}

/** Closes every client of this process (tests, shutdown). */
export async function closeRunQueueClients(): Promise<void> {
  const clients = [...clientsOfProcess().values()];
  clientsOfProcess().clear();
  await Promise.allSettled(clients.map((client) => client.close()));
}
