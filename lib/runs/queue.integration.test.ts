// The run queue against a real Redis (scripts/ensure-redis.sh) and real sandbox-worker processes
// (spawned as CI does: npx tsx --conditions=react-server scripts/sandbox-worker.ts) on the real
// Docker engine: no worker means "busy" and no job left behind; Redis down means a fast
// "unavailable" naming Redis; a worker SIGKILLed mid-run has its job finished by the other one and
// the run stored once under its submission id; SIGTERM lets the job in flight finish; /api/health's
// queue section. Each test run uses its own Redis prefix; workers inherit this run's SANDBOX_GROUP.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { USER_MESSAGES } from "@/lib/errors";
import { runExercise } from "@/lib/exercises/run-exercise";
import { checkHealth } from "@/lib/health";
import { loadLessons } from "@/lib/lessons/load";
import { exampleId } from "@/lib/lessons/parse";
import { runExample } from "@/lib/lessons/run-example";
import { syncLessons } from "@/lib/lessons/sync";
import { listSandboxContainers, reapContainers } from "@/lib/sandbox";
import { runSandbox } from "./dispatch";
import { closeRunQueueClients } from "./queue";
import type { QueueSettings } from "./queue-settings";
import type { RunResult } from "@/lib/sandbox";
import { bullConnection } from "./redis";
import { RUNS_QUEUE } from "./redis-errors";
import { createRunWorker } from "./worker";

const REDIS_URL = execFileSync("bash", ["scripts/ensure-redis.sh"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
const RUN_TAG = randomBytes(3).toString("hex");
const LOCK_MS = 2_000;
/** A loopback port in this part's range where nothing listens. */
const DEAD_REDIS = "redis://127.0.0.1:3599";

function settings(name: string, overrides: Partial<QueueSettings> = {}): QueueSettings {
  return { url: REDIS_URL, prefix: `t-queue-${RUN_TAG}-${name}`, timeoutMs: 2_000, pickupWaitMs: 15_000, lockMs: LOCK_MS, ...overrides };
}

interface WorkerProcess {
  child: ChildProcess;
  /** The worker's id (its sandbox instance id: group.host.pid.random). */
  id: string;
  /** The pid of the node process that runs the worker (npx and tsx sit in between). */
  pid: number;
  log: () => string;
  exited: Promise<number | null>;
}

const spawned: WorkerProcess[] = [];

async function startWorker(prefix: string): Promise<WorkerProcess> {
  const child = spawn("npx", ["tsx", "--conditions=react-server", "scripts/sandbox-worker.ts"], {
    env: { ...process.env, REDIS_URL, REDIS_PREFIX: prefix, WORKER_LOCK_MS: String(LOCK_MS), SANDBOX_POOL_SIZE: "1", WORKER_CONCURRENCY: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const ready = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker did not get ready in 60 s; stderr:\n${stderr}`)), 60_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = /^worker: ready (\S+) concurrency=(\d+)$/m.exec(stdout);
      if (line?.[1]) {
        clearTimeout(timer);
        resolve(line[1]);
      }
    });
    void exited.then((code) => reject(new Error(`the worker exited with ${code}; stderr:\n${stderr}`)));
  });
  const pid = Number(ready.split(".").at(-2));
  const worker: WorkerProcess = { child, id: ready, pid, log: () => `${stdout}${stderr}`, exited };
  spawned.push(worker);
  return worker;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  await syncLessons(db, path.join(process.cwd(), "content"));
});

afterAll(async () => {
  await closeRunQueueClients();
  for (const worker of spawned) {
    if (alive(worker.pid)) process.kill(worker.pid, "SIGTERM");
  }
  await Promise.all(spawned.map((worker) => Promise.race([worker.exited, new Promise((resolve) => setTimeout(resolve, 30_000))])));
  // Containers of a SIGKILLed worker: their owner is dead, so the reaper takes them.
  await reapContainers(undefined, "", { prefix: `${process.env.SANDBOX_GROUP}.` });
}, 90_000);

describe("the run queue without workers", () => {
  it("answers busy once no worker has taken the job within the wait, and leaves no job behind", async () => {
    const queue = settings("idle", { pickupWaitMs: 1_500 });
    const runId = randomUUID();
    const started = Date.now();
    const result = await runSandbox({ code: "IO.puts 1" }, runId, queue);
    expect(result).toMatchObject({ outcome: "busy", message: USER_MESSAGES.busy });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    expect(Date.now() - started).toBeLessThan(20_000);

    const inspect = new Queue(RUNS_QUEUE, { connection: bullConnection(queue), prefix: queue.prefix });
    try {
      expect(await inspect.getJobState(runId)).toBe("unknown");
      expect(await inspect.getJobCounts("wait", "active", "delayed", "completed", "failed")).toEqual({ wait: 0, active: 0, delayed: 0, completed: 0, failed: 0 });
    } finally {
      await inspect.close();
    }
  });

  it("reports the queue degraded in /api/health when no worker is connected", async () => {
    const report = await checkHealth({ queue: settings("idle") });
    expect(report).toMatchObject({ status: "degraded", database: { ok: true }, queue: { ok: false, workers: 0, error: expect.stringMatching(/no sandbox worker/) } });
    expect(report.docker).toBeUndefined();
  });
});

describe("the run queue with Redis down", () => {
  it("answers unavailable fast, naming Redis and how to start it, without the password", async () => {
    const queue = settings("down", { url: DEAD_REDIS.replace("redis://", "redis://user:s3cret@"), timeoutMs: 500 });
    const started = Date.now();
    const result = await runSandbox({ code: "IO.puts 1" }, randomUUID(), queue);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(result).toMatchObject({ outcome: "unavailable" });
    const message = "message" in result ? result.message : "";
    expect(message).toContain("Redis at 127.0.0.1:3599 does not answer");
    expect(message).toContain("bash scripts/ensure-redis.sh");
    expect(message).not.toContain("s3cret");

    const report = await checkHealth({ queue, timeoutMs: 500 });
    expect(report).toMatchObject({ status: "degraded", database: { ok: true }, queue: { ok: false, error: expect.stringMatching(/Redis does not answer/) } });
    expect(JSON.stringify(report)).not.toContain("s3cret");
  });

  it("stores nothing for an exercise run", async () => {
    const learner = randomUUID();
    const state = await runExercise({ exerciseId: "hello-world", code: 'IO.puts("Hello, world!")' }, learner, "unknown", {
      queue: settings("down", { url: DEAD_REDIS, timeoutMs: 500 }),
    });
    expect(state).toMatchObject({ kind: "unavailable", message: expect.stringContaining("Redis") });
    expect(await db.submission.count({ where: { learnerId: learner } })).toBe(0);
  });
});

describe("the run queue with two workers", () => {
  const queue = settings("pair");
  let workers: WorkerProcess[] = [];
  let inspect: Queue;

  beforeAll(async () => {
    workers = await Promise.all([startWorker(queue.prefix), startWorker(queue.prefix)]);
    inspect = new Queue(RUNS_QUEUE, { connection: bullConnection(queue), prefix: queue.prefix });
  }, 120_000);

  afterAll(async () => {
    await inspect?.close();
  });

  it("reports both workers in /api/health", async () => {
    const report = await checkHealth({ queue });
    expect(report).toMatchObject({ status: "ok", queue: { ok: true, workers: 2, waiting: 0 } });
  });

  it("runs a lesson's example on a worker", async () => {
    const course = () => loadLessons(path.join(process.cwd(), "lib/lessons/__fixtures__/check-good"));
    const state = await runExample({ exampleId: exampleId("elixir", "IO.puts(Enum.sum([1, 2, 3]))") }, randomUUID(), { course, queue });
    expect(state).toMatchObject({ kind: "result", outcome: "ok", stdout: "6\n" });
  });

  it("finishes a run on the other worker when the one running it is killed, and stores it once", async () => {
    const learner = randomUUID();
    const running = runExercise({ exerciseId: "hello-world", code: 'Process.sleep(3000)\nIO.puts("Hello, world!")' }, learner, "unknown", { queue });

    // The job in flight and the worker holding it.
    let holder: WorkerProcess | undefined;
    let jobId = "";
    for (let waited = 0; !holder && waited < 20_000; waited += 100) {
      const [job] = await inspect.getActive();
      if (job?.processedBy) {
        jobId = job.id ?? "";
        holder = workers.find((worker) => worker.id === job.processedBy);
      }
      if (!holder) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(holder, "a worker took the job").toBeDefined();
    process.kill(holder!.pid, "SIGKILL");
    const other = workers.find((worker) => worker !== holder)!;

    const state = await running;
    expect(state).toMatchObject({ kind: "verdict", verdict: { status: "passed" }, attempts: 1 });
    const submissionId = state.kind === "verdict" ? state.submissionId : "";
    expect(submissionId).toBe(jobId);
    expect(other.log()).toContain(`job ${jobId} started`);
    expect(other.log()).toContain(`job ${jobId} finished: ok`);
    expect(await db.submission.findMany({ where: { learnerId: learner }, select: { id: true } })).toEqual([{ id: submissionId }]);
    workers = [other];
  }, 60_000);

  it("lets a job in flight finish on SIGTERM, then exits 0 leaving no container", async () => {
    const [worker] = workers;
    expect(worker).toBeDefined();
    const running = runSandbox({ code: 'Process.sleep(2000)\nIO.puts("done")' }, randomUUID(), queue);
    for (let waited = 0; waited < 20_000 && (await inspect.getActiveCount()) === 0; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    process.kill(worker!.pid, "SIGTERM");
    expect(await running).toMatchObject({ outcome: "ok", stdout: "done\n" });
    expect(await worker!.exited).toBe(0);
    expect(await listSandboxContainers(undefined, worker!.id)).toEqual([]);
  }, 60_000);
});

describe("a worker's retries (in-process worker, its sandbox replaced to answer on cue)", () => {
  const ok: RunResult = { outcome: "ok", stdout: "fine\n", stderr: "", truncated: false, durationMs: 5 };

  it("hands a run its pool answered busy back to the queue and answers the retry's result", async () => {
    const queue = settings("retry");
    const answers: RunResult["outcome"][] = [];
    const worker = createRunWorker({
      ...queue,
      workerId: "retry-test",
      concurrency: 1,
      run: async () => {
        const result: RunResult = answers.length === 0 ? { ...ok, outcome: "busy", message: "every container is in use" } : ok;
        answers.push(result.outcome);
        return result;
      },
      log: () => undefined,
    });
    void worker.run();
    try {
      expect(await runSandbox({ code: "IO.puts 1" }, randomUUID(), queue)).toEqual(ok);
      expect(answers).toEqual(["busy", "ok"]);
    } finally {
      await worker.close();
    }
  });

  it("answers unavailable with the reason once every attempt failed", async () => {
    const queue = settings("fail");
    let attempts = 0;
    const worker = createRunWorker({
      ...queue,
      workerId: "fail-test",
      concurrency: 1,
      run: async () => {
        attempts += 1;
        throw new Error("the engine fell over");
      },
      log: () => undefined,
    });
    void worker.run();
    try {
      const result = await runSandbox({ code: "IO.puts 1" }, randomUUID(), queue);
      expect(result).toMatchObject({ outcome: "unavailable", message: expect.stringContaining("the engine fell over") });
      expect(attempts).toBe(3);
    } finally {
      await worker.close();
    }
  });
});
