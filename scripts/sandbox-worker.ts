// `npm run worker`: a sandbox-worker process of scale-out mode (docs/architecture.md "Run queue and
// workers"). It needs REDIS_URL (+ REDIS_PREFIX) and a local Docker engine with the sandbox image;
// never the database. It reaps containers left by dead workers on this host, boots its pool (and
// takes no job before a container has booted, saying why meanwhile), prints exactly one line
// `worker: ready <workerId> concurrency=<n>` on stdout once it takes jobs (everything else goes to
// stderr), sweeps for orphans every minute, and on SIGTERM/SIGINT stops taking jobs, finishes the
// ones in flight, removes its containers and exits 0.
import { env } from "@/lib/env";
import { describeRedisError } from "@/lib/runs/redis-errors";
import { createRunWorker } from "@/lib/runs/worker";
import { INSTANCE_ID, poolStatus, reapContainers, warmUp } from "@/lib/sandbox";
import { startSweep } from "@/lib/sandbox/lifecycle";
import { onShutdown, setShutdownPolicy } from "@/lib/server/shutdown.mjs";

/** A job in flight gets this long after SIGTERM; then the worker exits anyway (its jobs run elsewhere). */
const STOP_DEADLINE_MS = 60_000;

async function main(): Promise<void> {
  const url = env.REDIS_URL;
  if (!url) {
    console.error("worker: REDIS_URL is not set; point it at the Redis server the web instances use (locally: REDIS_URL=$(bash scripts/ensure-redis.sh)).");
    process.exit(2);
  }
  const concurrency = env.WORKER_CONCURRENCY ?? Math.max(1, env.SANDBOX_POOL_SIZE);
  const workerId = INSTANCE_ID;

  try {
    const removed = await reapContainers(undefined, INSTANCE_ID);
    if (removed > 0) console.error(`worker: removed ${removed} container(s) left by dead workers on this host`);
  } catch (error) {
    console.error(`worker: could not reap leftover containers (${(error as Error).message}); is the Docker engine running?`);
  }
  const worker = createRunWorker({ url, prefix: env.REDIS_PREFIX, timeoutMs: env.REDIS_TIMEOUT_MS, workerId, concurrency, lockMs: env.WORKER_LOCK_MS });
  let stopping = false;
  // lib/server/shutdown.mjs owns the signals: the worker stops taking jobs and finishes those in
  // flight, then the pool's own step removes its containers; a clean stop exits 0.
  setShutdownPolicy({
    deadlineMs: STOP_DEADLINE_MS,
    deadlineMessage: "worker: jobs still running at the deadline; exiting (their locks expire and other workers take them)",
    exitCode: (_signal, failed) => (failed ? 1 : 0),
  });
  onShutdown(async (reason) => {
    stopping = true;
    console.error(`worker: ${reason} received; finishing the job(s) in flight`);
    await worker.close();
  }, "refuse");
  onShutdown(() => console.error("worker: stopped"), "close");

  // Take jobs only with a sandbox to run them in: until the pool has booted a container, say why not.
  let reported: string | null = null;
  for (;;) {
    await warmUp().catch(() => undefined);
    const status = poolStatus();
    if (stopping) return;
    if (status && (status.ready > 0 || status.size === 0)) break;
    const reason = status?.lastError ?? "the sandbox pool has not booted a container yet";
    if (reason !== reported) console.error(`worker: not taking jobs yet: ${reason}`);
    reported = reason;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  startSweep();

  const waiting = setTimeout(() => console.error(`worker: waiting for ${describeRedisError(url)}`), env.REDIS_TIMEOUT_MS);
  void worker.run().catch((error: unknown) => {
    console.error(`worker: stopped taking jobs (${(error as Error).message})`);
    process.exit(1);
  });
  await worker.waitUntilReady();
  clearTimeout(waiting);
  if (stopping) return;
  console.log(`worker: ready ${workerId} concurrency=${concurrency}`);
}

void main();
