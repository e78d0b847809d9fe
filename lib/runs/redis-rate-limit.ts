// Rate limits shared by every web instance (scale-out mode): the same token buckets as
// rate-limit.ts, kept in Redis. One Lua script per decision, so refill, take and refund are atomic
// across instances; it reads Redis's own clock (TIME), so instances with skewed clocks agree; a
// bucket's key expires once it would be full again, so idle keys cost nothing.
// FallbackLimiter puts the in-memory buckets behind it: when Redis errors (down, timing out) the
// limits keep working per instance, and the outage is logged once.
import "server-only";
import type { Redis } from "ioredis";
import { type BucketOptions, type RateDecision, type RateLimiter, TokenBucketLimiter } from "./rate-limit";
import { firstConnectionAttempt } from "./redis";
import { OutageLog, redisErrorCode } from "./redis-errors";

// KEYS[1] bucket; ARGV: burst, tokens per ms, "take" | "refund". Returns 0 (taken / refunded) or
// the milliseconds until a token is available.
const TOKEN_BUCKET_LUA = `
local burst = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local saved = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(saved[1])
local updated = tonumber(saved[2])
if tokens == nil or updated == nil then
  if ARGV[3] == 'refund' then return 0 end
  tokens = burst
  updated = now
end
tokens = math.min(burst, tokens + math.max(0, now - updated) * perMs)
local answer = 0
if ARGV[3] == 'refund' then
  tokens = math.min(burst, tokens + 1)
elseif tokens >= 1 then
  tokens = tokens - 1
else
  answer = math.ceil((1 - tokens) / perMs)
end
local fullInMs = math.ceil((burst - tokens) / perMs)
if fullInMs <= 0 then
  redis.call('DEL', KEYS[1])
else
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
  redis.call('PEXPIRE', KEYS[1], fullInMs + 1000)
end
return answer
`;

type BucketClient = Redis & { elixirTokenBucket(key: string, burst: number, perMs: string, op: "take" | "refund"): Promise<number> };

function withScript(client: Redis): BucketClient {
  if (!("elixirTokenBucket" in client)) client.defineCommand("elixirTokenBucket", { numberOfKeys: 1, lua: TOKEN_BUCKET_LUA });
  return client as BucketClient;
}

export class RedisTokenBucketLimiter implements RateLimiter {
  private readonly client: BucketClient;
  private readonly perMs: string;

  /** `keyPrefix` names the limiter (e.g. "elixir-lessons:rate:runs:learner:"); the key follows. */
  constructor(
    client: Redis,
    private readonly keyPrefix: string,
    private readonly options: Pick<BucketOptions, "burst" | "perMinute">,
  ) {
    this.client = withScript(client);
    this.perMs = String(options.perMinute / 60_000);
  }

  async take(key: string): Promise<RateDecision> {
    if (this.client.status !== "ready") await firstConnectionAttempt(this.client);
    const wait = await this.client.elixirTokenBucket(this.keyPrefix + key, this.options.burst, this.perMs, "take");
    return wait === 0 ? { ok: true } : { ok: false, retryAfterMs: Number(wait) };
  }

  async refund(key: string): Promise<void> {
    if (this.client.status !== "ready") await firstConnectionAttempt(this.client);
    await this.client.elixirTokenBucket(this.keyPrefix + key, this.options.burst, this.perMs, "refund");
  }
}

/**
 * The rate limits' outage log, shared by the limiters of one process so an outage is logged once,
 * not once per limiter. `what`: host:port of the Redis server (never its password).
 */
export function rateLimitOutage(what: string, log: (line: string) => void = (line) => console.warn(line)): OutageLog {
  return new OutageLog(
    {
      down: (error) => `rate limits: Redis at ${what} does not answer (${redisErrorCode(error)}); using this instance's in-memory limits until it does`,
      up: `rate limits: Redis at ${what} answers again; limits are shared again`,
    },
    log,
  );
}

export class FallbackLimiter implements RateLimiter {
  constructor(
    private readonly primary: RateLimiter,
    private readonly fallback: RateLimiter,
    private readonly outage: OutageLog,
  ) {}

  async take(key: string): Promise<RateDecision> {
    try {
      const decision = await this.primary.take(key);
      this.outage.succeeded();
      return decision;
    } catch (error) {
      this.outage.failed(error);
      return this.fallback.take(key);
    }
  }

  async refund(key: string): Promise<void> {
    try {
      await this.primary.refund(key);
    } catch (error) {
      this.outage.failed(error);
      await this.fallback.refund(key);
    }
  }
}

/** A Redis limiter with the in-memory one of the same limits behind it. */
export function sharedLimiter(client: Redis, keyPrefix: string, options: BucketOptions, outage: OutageLog): RateLimiter {
  return new FallbackLimiter(new RedisTokenBucketLimiter(client, keyPrefix, options), new TokenBucketLimiter(options), outage);
}
