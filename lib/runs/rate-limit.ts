// Rate limits on learner actions that cost the server (runs, examples, draft saves), per learner
// and per client address, as token buckets held in memory. Callers only see the (asynchronous)
// RateLimiter interface, so a shared store replaces this one in scale-out mode
// (redis-rate-limit.ts: one bucket per key for every web instance).
// Memory is bounded: full buckets carry no information and are pruned, and past `maxKeys` the
// least recently touched keys are dropped (which can only make a limit more lenient).
import "server-only";

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

export interface RateLimiter {
  /** Takes one token for `key`, or says how long until one is available. */
  take(key: string): Promise<RateDecision>;
  /** Gives back a token taken for an action that then did not happen. */
  refund(key: string): Promise<void>;
}

export interface BucketOptions {
  /** Tokens a key starts with and can save up: the burst allowed. */
  burst: number;
  /** Tokens added per minute: the sustained rate. */
  perMinute: number;
  /** At most this many keys are remembered. */
  maxKeys?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

export class TokenBucketLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;
  private lastPrune = 0;

  constructor(private readonly options: BucketOptions) {
    this.perMs = options.perMinute / 60_000;
    this.maxKeys = options.maxKeys ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.buckets.size;
  }

  async take(key: string): Promise<RateDecision> {
    return this.takeNow(key);
  }

  async refund(key: string): Promise<void> {
    this.refundNow(key);
  }

  /** take(), synchronously. */
  takeNow(key: string): RateDecision {
    const now = this.now();
    this.prune(now);
    const bucket = this.buckets.get(key);
    const tokens = bucket ? this.refilled(bucket, now) : this.options.burst;
    // Re-insert so the map stays ordered by last use (oldest first) for eviction.
    this.buckets.delete(key);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, updated: now });
      this.evict();
      return { ok: true };
    }
    this.buckets.set(key, { tokens, updated: now });
    return { ok: false, retryAfterMs: Math.ceil((1 - tokens) / this.perMs) };
  }

  refundNow(key: string): void {
    const bucket = this.buckets.get(key);
    if (bucket) bucket.tokens = Math.min(this.options.burst, bucket.tokens + 1);
  }

  private refilled(bucket: Bucket, now: number): number {
    return Math.min(this.options.burst, bucket.tokens + Math.max(0, now - bucket.updated) * this.perMs);
  }

  /** Drops buckets that have refilled completely (at most once a second). */
  private prune(now: number): void {
    if (now - this.lastPrune < 1_000 && this.buckets.size < this.maxKeys) return;
    this.lastPrune = now;
    for (const [key, bucket] of this.buckets) if (this.refilled(bucket, now) >= this.options.burst) this.buckets.delete(key);
  }

  private evict(): void {
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) return;
      this.buckets.delete(key);
    }
  }
}

/**
 * One token from the learner's bucket and one from the address's, or neither: a refusal by one
 * does not spend the other's token. Requests with no known address are limited per learner only.
 */
export async function takeBoth(limiter: { learner: RateLimiter; address: RateLimiter }, learnerId: string, address: string): Promise<RateDecision> {
  const byLearner = await limiter.learner.take(learnerId);
  if (!byLearner.ok || address === "unknown") return byLearner;
  const byAddress = await limiter.address.take(address);
  if (!byAddress.ok) await limiter.learner.refund(learnerId);
  return byAddress;
}
