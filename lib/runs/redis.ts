// Redis connections of scale-out mode (docs/architecture.md "Run queue and workers"): one place that
// turns REDIS_URL into ioredis/BullMQ connection options. Web requests must fail fast when Redis is
// down (no endless offline queue); BullMQ's blocking connections (QueueEvents, Worker) need
// maxRetriesPerRequest: null, which BullMQ sets itself for connection options. Settings and
// messages are in redis-errors.ts, which loads no client (the embedded mode never loads one).
// No "server-only" here: the sandbox-worker process imports this too.
import { Redis, type RedisOptions } from "ioredis";
import type { RedisSettings } from "./redis-errors";

export { RUNS_QUEUE, type RedisSettings } from "./redis-errors";

/** Options for BullMQ's `connection` (it opens and closes the connections itself). */
export function bullConnection(settings: RedisSettings): RedisOptions & { url: string } {
  return {
    url: settings.url,
    connectTimeout: settings.timeoutMs,
    // Reconnect forever, backing off from 0.5 s to 5 s between attempts.
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
  firstAttempts.set(
    client,
    new Promise<void>((resolve) => {
      for (const event of ["ready", "error", "end"]) client.once(event, () => resolve());
    }),
  );
  return client;
}

const firstAttempts = new WeakMap<Redis, Promise<void>>();

/**
 * Resolves once a command client's first connection attempt has succeeded or failed (within its
 * connect timeout). Commands before that would fail for want of an offline queue; commands after a
 * failure fail at once, which is what a web request wants while Redis is down.
 */
export function firstConnectionAttempt(client: Redis): Promise<void> {
  return firstAttempts.get(client) ?? Promise.resolve();
}
