// What GET /api/health reports: the database (SELECT 1), the Docker engine (ping), the sandbox
// pool and the work in flight. In scale-out mode (REDIS_URL) the web instance has no engine and no
// pool: instead the run queue (Redis answering, workers connected, jobs waiting and running).
// Every check is raced with a timer, so a hung database, engine or Redis makes the answer
// "down"/"degraded", never a hung request. Nothing secret goes out: no database URL, no file paths
// (error texts are reduced to codes or redacted), only the engine endpoint.
import "server-only";
import { db } from "@/lib/db";
import { databaseFailure, databaseFailureReason } from "@/lib/db-errors";
import { redisErrorCode } from "@/lib/runs/redis-errors";
import { type QueueSettings, queueSettingsFromEnv } from "@/lib/runs/queue-settings";
import { processSingleton } from "@/lib/server/singleton.mjs";
import { type EngineHealth, engineHealth, type PoolStatus, poolStatus } from "@/lib/sandbox";
import { TimeoutError, withTimeout } from "@/lib/with-timeout";
import packageJson from "@/package.json";

const HEALTH_CHECK_TIMEOUT_MS = 2_000;

export interface CheckHealth {
  ok: boolean;
  ms: number;
  error?: string;
}

export interface QueueHealth extends CheckHealth {
  /** sandbox-worker processes connected to the queue. */
  workers: number;
  waiting: number;
  active: number;
}

export interface HealthReport {
  status: "ok" | "degraded" | "down";
  database: CheckHealth;
  /** Embedded mode only: this process's Docker engine. */
  docker?: EngineHealth;
  /** Scale-out mode only: Redis and the sandbox workers. */
  queue?: QueueHealth;
  pool: Partial<PoolStatus> & { started: boolean; lastError: string | null; inFlight: Record<string, Record<string, number>> };
  version?: string;
}

type InFlightSource = () => Record<string, number>;
const sources = () => processSingleton("health.in-flight", () => new Map<string, InFlightSource>());

/**
 * Lets another part of the server add its in-flight counts to the report (for example the web
 * tier's bound on sandbox work: `reportInFlight("runs", () => ({ active, queued }))`).
 */
export function reportInFlight(name: string, counts: InFlightSource): void {
  sources().set(name, counts);
}

export interface HealthOptions {
  timeoutMs?: number;
  /** The database probe; tests replace it to simulate a hung or failing database. */
  probeDatabase?: () => Promise<unknown>;
  /** The run queue to check; default from the environment (null: embedded mode). */
  queue?: QueueSettings | null;
}

export async function checkHealth(options: HealthOptions = {}): Promise<HealthReport> {
  const timeoutMs = options.timeoutMs ?? HEALTH_CHECK_TIMEOUT_MS;
  const queueSettings = options.queue === undefined ? queueSettingsFromEnv() : options.queue;
  if (queueSettings) {
    const [database, queue] = await Promise.all([
      checkDatabase(options.probeDatabase ?? (() => db.$queryRaw`SELECT 1`), timeoutMs),
      checkQueue(queueSettings, timeoutMs),
    ]);
    const status = !database.ok ? "down" : queue.ok ? "ok" : "degraded";
    return { status, database, queue, pool: { started: false, lastError: null, inFlight: inFlightCounts() }, version: packageJson.version };
  }
  const [database, docker] = await Promise.all([
    checkDatabase(options.probeDatabase ?? (() => db.$queryRaw`SELECT 1`), timeoutMs),
    engineHealth(timeoutMs),
  ]);
  const pool = poolReport(docker.endpoint);
  const status = !database.ok ? "down" : docker.ok && pool.lastError === null ? "ok" : "degraded";
  return { status, database, docker, pool, version: packageJson.version };
}

/**
 * What the HTTP status says. "all" (monitors): 200 only when everything is fine. "pages" (load
 * balancers): 200 while this instance can serve pages, i.e. unless its database is down; a
 * degraded sandbox, engine, Redis or worker pool must not take every web instance out of rotation,
 * since pages, sign-in and drafts still work without them.
 */
export type HealthScope = "all" | "pages";

export function healthHttpStatus(report: HealthReport, scope: HealthScope = "all"): number {
  if (scope === "pages") return report.status === "down" ? 503 : 200;
  return report.status === "ok" ? 200 : 503;
}

async function checkQueue(settings: QueueSettings, timeoutMs: number): Promise<QueueHealth> {
  const started = performance.now();
  try {
    const { runQueueClient } = await import("@/lib/runs/queue");
    const counts = await withTimeout(runQueueClient(settings).counts(), timeoutMs, "the queue check");
    const ms = Math.round(performance.now() - started);
    if (counts.workers === 0) return { ok: false, ms, error: "no sandbox worker is connected (start one: npm run worker)", ...counts };
    return { ok: true, ms, ...counts };
  } catch (error) {
    const code = redisErrorCode(error);
    const reason = code === "ETIMEDOUT" ? `no answer within ${timeoutMs} ms` : code;
    return { ok: false, ms: Math.round(performance.now() - started), error: `Redis does not answer (${reason})`, workers: 0, waiting: 0, active: 0 };
  }
}

async function checkDatabase(probe: () => Promise<unknown>, timeoutMs: number): Promise<CheckHealth> {
  const started = performance.now();
  try {
    await withTimeout(probe(), timeoutMs, "the database check");
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    const failure = databaseFailure(error);
    const reason = error instanceof TimeoutError ? `no answer within ${timeoutMs} ms` : failure ? databaseFailureReason(failure) : errorCode(error);
    return { ok: false, ms: Math.round(performance.now() - started), error: reason };
  }
}

function errorCode(error: unknown): string {
  const record = (typeof error === "object" && error !== null ? error : {}) as { code?: unknown; name?: unknown };
  const code = typeof record.code === "string" ? record.code : typeof record.name === "string" ? record.name : "error";
  return `query failed (${code})`;
}

function inFlightCounts(): Record<string, Record<string, number>> {
  const inFlight: Record<string, Record<string, number>> = {};
  for (const [name, counts] of sources()) {
    try {
      inFlight[name] = counts();
    } catch {
      inFlight[name] = {};
    }
  }
  return inFlight;
}

function poolReport(endpoint: string): HealthReport["pool"] {
  const status = poolStatus();
  const inFlight = inFlightCounts();
  if (!status) return { started: false, lastError: null, inFlight };
  return { started: true, ...status, lastError: status.lastError === null ? null : redactPaths(status.lastError, endpoint), inFlight };
}

/** Replaces file system paths in a message with "<path>", keeping the engine endpoint. */
export function redactPaths(message: string, endpoint: string): string {
  return message
    .split(endpoint)
    .map((part) => part.replace(/(?<![\w:/.-])\/[\w.@+-]+(?:\/[\w.@+-]+)*\/?/g, "<path>"))
    .join(endpoint);
}
