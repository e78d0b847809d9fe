// Settings and messages of scale-out mode's Redis that need no Redis client (redis.ts makes the
// connections): the embedded mode imports these without loading ioredis or BullMQ. No
// "server-only": the sandbox-worker process imports this too.

/** BullMQ queue of sandbox runs (CONTRACT): job id = run id, data = RunRequest, return = RunResult. */
export const RUNS_QUEUE = "runs";

export interface RedisSettings {
  url: string;
  prefix: string;
  timeoutMs: number;
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

/**
 * Logs an outage once when it starts and once when it ends, however many failures and successes
 * come in between (the queue, the rate limits and the worker each keep one).
 */
export class OutageLog {
  private down = false;
  constructor(
    private readonly messages: { down: (error: unknown) => string; up: string },
    private readonly log: (line: string, state: "down" | "up") => void = (line, state) => (state === "down" ? console.warn(line) : console.log(line)),
  ) {}

  failed(error: unknown): void {
    if (this.down) return;
    this.down = true;
    this.log(this.messages.down(error), "down");
  }

  succeeded(): void {
    if (!this.down) return;
    this.down = false;
    this.log(this.messages.up, "up");
  }

  get isDown(): boolean {
    return this.down;
  }
}
