// Redis connections of scale-out mode (docs/architecture.md "Run queue and workers"): one place that
// turns REDIS_URL into ioredis/BullMQ connection options, and one message for a Redis that does
// not answer. Web requests must fail fast when Redis is down (no endless offline queue); BullMQ's
// blocking connections (QueueEvents, Worker) need maxRetriesPerRequest: null, which BullMQ sets.
// No "server-only" here: the sandbox-worker process imports this too.
import { Redis, type RedisOptions } from "ioredis";

export const DEFAULT_REDIS_PREFIX = "elixir-lessons";
/** BullMQ queue of sandbox runs (CONTRACT): job id = run id, data = RunRequest, return = RunResult. */
export const RUNS_QUEUE = "runs";

export interface RedisSettings {
  url: string;
  prefix: string;
  timeoutMs: number;
}

/** Options for BullMQ's `connection` (it opens and closes the connections itself). */
export function bullConnection(settings: RedisSettings): RedisOptions & { url: string } {
  return {
    url: settings.url,
    connectTimeout: settings.timeoutMs,
    // Reconnect forever, but no faster than once a second and at most every 5 s.
    retryStrategy: (times: number) => Math.min(5_000, 250 * 2 ** Math.min(times, 5)),
    lazyConnect: false,
  };
}

/**
 * A connection for short commands from web requests (rate limits): a command fails at once when
 * Redis is not connected and after `timeoutMs` when it does not answer.
 */
export function createCommandClient(settings: RedisSettings): Redis {
  const client = new Redis(settings.url, {
    connectTimeout: settings.timeoutMs,
    commandTimeout: settings.timeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (times: number) => Math.min(5_000, 250 * 2 ** Math.min(times, 5)),
  });
  // Errors surface on the commands; without a listener ioredis would print every reconnect attempt.
  client.on("error", () => undefined);
  return client;
}

/** host:port of a Redis URL, never its user name or password. */
export function redisEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || "127.0.0.1"}:${parsed.port || "6379"}`;
  } catch {
    return "(unparsable REDIS_URL)";
  }
}

/** What a learner or operator reads when Redis does not answer: where, why, and how to start it. */
export function describeRedisError(url: string, error?: unknown): string {
  const reason = error === undefined ? "" : ` (${redisErrorCode(error)})`;
  return `Redis at ${redisEndpoint(url)} does not answer${reason}, so code cannot be run right now; start it (locally: bash scripts/ensure-redis.sh; in production see docs/operations.md) and try again.`;
}

/** A short, secret-free reason: an errno code, a timeout, or the error's class. */
export function redisErrorCode(error: unknown): string {
  const record = (typeof error === "object" && error !== null ? error : {}) as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof record.code === "string") return record.code;
  const message = typeof record.message === "string" ? record.message : "";
  if (/timed? ?out/i.test(message)) return "timeout";
  if (/Stream isn't writeable|enableOfflineQueue|Connection is closed/i.test(message)) return "not connected";
  return typeof record.name === "string" ? record.name : "error";
}

/** Rejects with a timeout error when `promise` takes longer than `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out after ${ms} ms`), { code: "ETIMEDOUT" })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
