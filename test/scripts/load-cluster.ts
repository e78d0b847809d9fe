// A scale-out deployment on loopback for `npm run test:cluster` and `npm run bench:scale`: a fresh
// PostgreSQL database, a fresh Redis key prefix, web processes (scripts/server.mjs) and sandbox
// workers (the `worker` script, run by tsx without npm so signals reach it), each a child process
// with its output in a log file under data/cluster/. Everything it starts, it stops.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { recreatePostgresDatabase } from "@/test/database-global-setup";

const run = promisify(execFile);
export const LOG_DIR = path.resolve("data/cluster");
const TSX = path.resolve("node_modules/.bin/tsx");

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ClusterFailure extends Error {}

/**
 * Ends a test script on `main`'s outcome: "PASSED" and one JSON line with its summary (exit 0),
 * or "FAILED" with the reason and a JSON line saying so (exit 1). A ClusterFailure's message is
 * the whole reason; anything else is a bug in the script and shows its stack.
 */
export function endScript(name: string, main: Promise<Record<string, unknown>>, startedAt: number, say: (line: string) => void): void {
  // The engine's sockets are unref'd (lib/sandbox/docker-client.ts), so a wait on Docker alone
  // would let the event loop empty and Node exit 0 before the test ends. This keeps it alive
  // until main settles, and an exit without a result is a failure.
  const keepAlive = setInterval(() => {}, 60_000);
  let settled = false;
  process.once("exit", (code) => {
    if (settled || code !== 0) return;
    console.error(`${name}: FAILED: the process was exiting before the test ended`);
    process.exitCode = 1;
  });
  const settle = () => {
    settled = true;
    clearInterval(keepAlive);
  };
  main.then(
    (summary) => {
      settle();
      say("PASSED");
      console.log(JSON.stringify({ ok: true, ...summary, elapsed_s: Math.round((Date.now() - startedAt) / 1000) }));
      process.exit(0);
    },
    (error: unknown) => {
      settle();
      const reason = error instanceof Error ? (error instanceof ClusterFailure ? error.message : (error.stack ?? error.message)) : String(error);
      console.error(`${name}: FAILED: ${reason}`);
      console.log(JSON.stringify({ ok: false, reason: reason.split("\n")[0] }));
      process.exit(1);
    },
  );
}

/** The last lines of a log file, for a failure message. */
export function tail(file: string, lines = 30): string {
  try {
    const text = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    return text.slice(-lines).map((line) => `    | ${line}`).join("\n");
  } catch {
    return `    (no log at ${file})`;
  }
}

async function script(file: string, args: string[] = []): Promise<string> {
  try {
    const { stdout } = await run("bash", [file, ...args], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
    return stdout.trim();
  } catch (error) {
    const failed = error as { stderr?: string; message: string };
    throw new ClusterFailure(`${file} failed: ${(failed.stderr ?? failed.message).trim().split("\n").slice(-5).join(" / ")}`);
  }
}

export interface Backends {
  /** Base URL of the PostgreSQL server, no database. */
  postgres: string;
  redis: string;
}

/** PostgreSQL and Redis on loopback (started by the ensure scripts if needed), and the Docker engine and sandbox image. */
export async function ensureBackends(): Promise<Backends> {
  await script("scripts/ensure-docker.sh");
  await script("sandbox-image/build.sh");
  const [postgres, redis] = [await script("scripts/ensure-postgres.sh"), await script("scripts/ensure-redis.sh")];
  return { postgres, redis };
}

/** Drops and creates `name`, migrates it and syncs the lessons into it; returns its URL. */
export async function freshDatabase(base: string, name: string): Promise<string> {
  const url = `${base}/${name}`;
  try {
    await recreatePostgresDatabase(url);
  } catch (error) {
    throw new ClusterFailure((error as Error).message);
  }
  const env = { ...process.env, DATABASE_URL: url };
  for (const [what, command, args] of [
    ["migrate", "npx", ["prisma", "migrate", "deploy"]],
    ["content:sync", "npm", ["run", "--silent", "content:sync"]],
  ] as const) {
    try {
      await run(command, [...args], { env, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string; message: string };
      throw new ClusterFailure(`${what} on ${url} failed:\n${`${failed.stdout ?? ""}${failed.stderr ?? failed.message}`.trim().split("\n").slice(-15).join("\n")}`);
    }
  }
  return url;
}

/** A fresh key prefix for this run; `dropPrefix` removes its keys afterwards. */
export function freshPrefix(name: string): string {
  return `${name}-${randomBytes(4).toString("hex")}`;
}

/** Calls `each` with every batch of keys under `prefix` (SCAN, never KEYS). */
async function forKeysUnder(redisUrl: string, prefix: string, each: (redis: Redis, keys: string[]) => Promise<void>): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) await each(redis, keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

export async function dropPrefix(redisUrl: string, prefix: string): Promise<number> {
  let removed = 0;
  await forKeysUnder(redisUrl, prefix, async (redis, keys) => {
    removed += await redis.del(...keys);
  });
  return removed;
}

/** Keys left under a prefix (a fresh prefix must have none). */
export async function countKeys(redisUrl: string, prefix: string): Promise<number> {
  let count = 0;
  await forKeysUnder(redisUrl, prefix, async (_redis, keys) => {
    count += keys.length;
  });
  return count;
}

/** A loopback port nothing listens on right now (for "Redis is down"). */
export async function closedPort(candidates: number[]): Promise<number> {
  for (const port of candidates) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port });
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (!open) return port;
  }
  throw new ClusterFailure(`no closed port among ${candidates.join(", ")}`);
}

/** Whether a loopback port is free to listen on. */
async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

// ---------------------------------------------------------------------------------------------

export class Child {
  readonly log: string;
  readonly process: ChildProcess;
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;
  readonly exited: Promise<void>;
  /** Set when we signalled it, so an exit is expected. */
  stopping = false;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv,
  ) {
    fs.mkdirSync(LOG_DIR, { recursive: true });
    this.log = path.join(LOG_DIR, `${name}.log`);
    const out = fs.openSync(this.log, "w");
    // Its own process group: a SIGKILL reaches tsx and the worker under it alike.
    this.process = spawn(command, args, { env, detached: true, stdio: ["ignore", out, out] });
    fs.closeSync(out);
    this.exited = new Promise((resolve) =>
      this.process.once("exit", (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        resolve();
      }),
    );
  }

  get running(): boolean {
    return this.exitCode === null && this.exitSignal === null;
  }

  get pid(): number {
    if (this.process.pid === undefined) throw new ClusterFailure(`${this.name} did not start`);
    return this.process.pid;
  }

  text(): string {
    try {
      return fs.readFileSync(this.log, "utf8");
    } catch {
      return "";
    }
  }

  /** Fails when the process died unasked. */
  assertAlive(): void {
    if (!this.running && !this.stopping) throw new ClusterFailure(`${this.name} exited (code ${this.exitCode}, signal ${this.exitSignal}); log ${this.log}:\n${tail(this.log)}`);
  }

  /** SIGTERM to the process itself (tsx passes it on to the worker), then wait for the exit. */
  async terminate(timeoutMs = 30_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
    const started = Date.now();
    this.stopping = true;
    if (this.running) {
      this.process.kill("SIGTERM");
      const done = await Promise.race([this.exited.then(() => true), sleep(timeoutMs).then(() => false)]);
      if (!done) {
        this.killGroup();
        await this.exited;
        throw new ClusterFailure(`${this.name} did not exit within ${timeoutMs / 1000} s of SIGTERM (killed); log ${this.log}:\n${tail(this.log)}`);
      }
    }
    return { code: this.exitCode, signal: this.exitSignal, ms: Date.now() - started };
  }

  /** SIGKILL to the whole process group (no clean-up of any kind). */
  killGroup(): void {
    this.stopping = true;
    try {
      process.kill(-this.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

export interface WorkerProcess extends Child {
  workerId: string;
  concurrency: number;
}

const READY = /^worker: ready (\S+) concurrency=(\d+)$/m;

/** Starts `npm run worker`'s command (no database settings: workers never touch it) and waits for its ready line. */
export async function startWorker(name: string, env: NodeJS.ProcessEnv, timeoutMs = 180_000): Promise<WorkerProcess> {
  const workerEnv = { ...env };
  delete workerEnv.DATABASE_URL;
  const child = new Child(name, TSX, ["--conditions=react-server", "scripts/sandbox-worker.ts"], workerEnv) as WorkerProcess;
  for (const started = Date.now(); ; await sleep(250)) {
    const match = READY.exec(child.text());
    if (match) {
      child.workerId = match[1] ?? "";
      child.concurrency = Number(match[2]);
      return child;
    }
    child.assertAlive();
    if (Date.now() - started > timeoutMs) throw new ClusterFailure(`${name} printed no "worker: ready" line within ${timeoutMs / 1000} s; log ${child.log}:\n${tail(child.log)}`);
  }
}

export interface HealthAnswer {
  status: number;
  body: { status?: string; queue?: { ok?: boolean; workers?: number; error?: string }; database?: { ok?: boolean } } | null;
}

export async function health(url: string, scope?: "pages"): Promise<HealthAnswer> {
  const response = await fetch(`${url}/api/health${scope ? `?scope=${scope}` : ""}`, { signal: AbortSignal.timeout(10_000) });
  const body = (await response.json().catch(() => null)) as HealthAnswer["body"];
  return { status: response.status, body };
}

/** Starts a web process on 127.0.0.1:port and waits until /api/health answers and `ready` accepts it. */
export async function startWeb(
  name: string,
  port: number,
  env: NodeJS.ProcessEnv,
  ready: (answer: HealthAnswer) => boolean,
  timeoutMs = 240_000,
): Promise<Child & { url: string }> {
  if (!(await portFree(port))) throw new ClusterFailure(`port ${port} is taken; stop whatever listens there`);
  const child = new Child(name, process.execPath, ["scripts/server.mjs", "-H", "127.0.0.1", "-p", String(port)], env) as Child & { url: string };
  child.url = `http://127.0.0.1:${port}`;
  let last = "no answer yet";
  for (const started = Date.now(); ; await sleep(500)) {
    child.assertAlive();
    try {
      const answer = await health(child.url);
      if (ready(answer)) return child;
      last = `${answer.status} ${JSON.stringify(answer.body)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() - started > timeoutMs) throw new ClusterFailure(`${name} not ready within ${timeoutMs / 1000} s (last health: ${last}); log ${child.log}:\n${tail(child.log)}`);
  }
}

/** Settings every process of the deployment shares. */
export function clusterEnv(settings: { databaseUrl: string; redisUrl: string; prefix: string; group: string; extra?: Record<string, string> }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: settings.databaseUrl,
    REDIS_URL: settings.redisUrl,
    REDIS_PREFIX: settings.prefix,
    SANDBOX_GROUP: settings.group,
    // Every simulated learner comes from 127.0.0.1: one "address" must not throttle a whole class.
    RATE_RUNS_ADDRESS_BURST: "10000",
    RATE_RUNS_ADDRESS_PER_MINUTE: "100000",
    ...settings.extra,
  };
}

export interface LoadSummary {
  ok: boolean;
  accepted: number;
  stored: number;
  missing: number;
  extra: number;
  duplicates: number;
  busy: number;
  unavailable: number;
  rate_limited: number;
  errors_5xx: number;
  errors_other: number;
  timeouts: number;
  hung: number;
  duration_s: number;
  runs_per_s: number;
  p50_ms: number | null;
  p95_ms: number | null;
  page_p95_ms: number | null;
  urls: { url: string; learners: number; runs: number; verdicts: number; busy: number; unavailable: number; errors: number; pages: number }[];
}

/** Runs test/scripts/load.ts against the web URLs as a child process; its output goes to logName. */
export function startLoad(logName: string, urls: string[], databaseUrl: string, learners: number, durationS: number): { child: Child; summary: Promise<LoadSummary> } {
  const args = ["--conditions=react-server", "test/scripts/load.ts", "--learners", String(learners), "--duration", String(durationS), "--db", databaseUrl];
  for (const url of urls) args.push("--url", url);
  const child = new Child(logName, TSX, args, { ...process.env, DATABASE_URL: databaseUrl });
  const summary = child.exited.then(() => {
    const lines = child.text().trimEnd().split("\n");
    const last = lines.at(-1) ?? "";
    try {
      return JSON.parse(last) as LoadSummary;
    } catch {
      throw new ClusterFailure(`the load script ended (code ${child.exitCode}) without its JSON line; log ${child.log}:\n${tail(child.log)}`);
    }
  });
  return { child, summary };
}
