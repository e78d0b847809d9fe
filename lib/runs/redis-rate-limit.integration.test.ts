// Rate limits in a real Redis (scripts/ensure-redis.sh): one bucket shared by limiters on separate
// connections (as on separate web instances), refunds, keys that expire, the fallback to memory
// while Redis is down (logged once), and the gate using them when REDIS_URL is set.
import { execFileSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { afterAll, describe, expect, it, vi } from "vitest";
import { forgetProcessSingleton } from "@/lib/server/singleton.mjs";
import { TokenBucketLimiter } from "./rate-limit";
import { createCommandClient, firstConnectionAttempt } from "./redis";
import { FallbackLimiter, rateLimitOutage, RedisTokenBucketLimiter } from "./redis-rate-limit";

/** lib/runs/gate.ts keeps its limits under this key; forgetting it makes the next run read the stubbed settings. */
const GATE_KEY = "runs.gate";

const REDIS_URL = execFileSync("bash", ["scripts/ensure-redis.sh"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
const PREFIX = `t-queue-${randomBytes(3).toString("hex")}`;
const clients: Redis[] = [];

function client(url = REDIS_URL, timeoutMs = 2_000): Redis {
  const made = createCommandClient({ url, prefix: PREFIX, timeoutMs });
  clients.push(made);
  return made;
}

afterAll(async () => {
  const cleanup = client();
  await firstConnectionAttempt(cleanup);
  const keys = await cleanup.keys(`${PREFIX}:*`);
  if (keys.length > 0) await cleanup.del(...keys);
  for (const made of clients) made.disconnect();
  vi.unstubAllEnvs();
  forgetProcessSingleton(GATE_KEY);
});

async function takeMany(limiter: { take(key: string): Promise<{ ok: boolean }> }, key: string, times: number): Promise<boolean[]> {
  const out: boolean[] = [];
  for (let i = 0; i < times; i++) out.push((await limiter.take(key)).ok);
  return out;
}

describe("RedisTokenBucketLimiter", () => {
  it("shares one bucket between limiters on different connections, refunds, and lets the key expire", async () => {
    const options = { burst: 3, perMinute: 6 }; // one token per 10 s
    const a = new RedisTokenBucketLimiter(client(), `${PREFIX}:rate:test:`, options);
    const b = new RedisTokenBucketLimiter(client(), `${PREFIX}:rate:test:`, options);
    const key = randomUUID();

    expect([...(await takeMany(a, key, 2)), ...(await takeMany(b, key, 1))]).toEqual([true, true, true]);
    const refused = await a.take(key);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.retryAfterMs).toBeGreaterThan(5_000);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(10_000);
    }
    expect((await b.take(key)).ok).toBe(false);

    await b.refund(key);
    expect((await a.take(key)).ok).toBe(true);
    expect((await a.take(key)).ok).toBe(false);
    expect((await b.take(randomUUID())).ok).toBe(true); // keys are independent

    // The key lives only until the bucket would be full again (~30 s here), plus a second.
    const reader = client();
    await firstConnectionAttempt(reader);
    const ttl = await reader.pttl(`${PREFIX}:rate:test:${key}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(31_000);
  });

  it("refills with time (Redis's clock) and does not save up more than the burst", async () => {
    const limiter = new RedisTokenBucketLimiter(client(), `${PREFIX}:rate:fast:`, { burst: 2, perMinute: 600 }); // one per 100 ms
    const key = randomUUID();
    expect(await takeMany(limiter, key, 3)).toEqual([true, true, false]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await takeMany(limiter, key, 3)).toEqual([true, true, false]);
  });
});

describe("FallbackLimiter", () => {
  it("uses this instance's in-memory buckets while Redis is down, and logs the outage once", async () => {
    const lines: string[] = [];
    const outage = rateLimitOutage("127.0.0.1:3599", (line) => lines.push(line));
    const dead = client("redis://127.0.0.1:3599", 500);
    const limiter = new FallbackLimiter(new RedisTokenBucketLimiter(dead, `${PREFIX}:rate:dead:`, { burst: 2, perMinute: 1 }), new TokenBucketLimiter({ burst: 2, perMinute: 1 }), outage);
    const started = Date.now();
    expect(await takeMany(limiter, "learner", 3)).toEqual([true, true, false]);
    await limiter.refund("learner");
    expect((await limiter.take("learner")).ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Redis at 127\.0\.0\.1:3599 does not answer .*in-memory limits/);
    expect(outage.isDown).toBe(true);
  });

  it("goes back to Redis once it answers, logging that once too", async () => {
    const lines: string[] = [];
    const outage = rateLimitOutage("redis", (line) => lines.push(line));
    outage.failed(new Error("earlier outage"));
    const limiter = new FallbackLimiter(new RedisTokenBucketLimiter(client(), `${PREFIX}:rate:back:`, { burst: 1, perMinute: 1 }), new TokenBucketLimiter({ burst: 1, perMinute: 1 }), outage);
    const key = randomUUID();
    expect(await takeMany(limiter, key, 2)).toEqual([true, false]);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/answers again/);
    const reader = client();
    await firstConnectionAttempt(reader);
    expect(await reader.exists(`${PREFIX}:rate:back:${key}`)).toBe(1);
  });
});

describe("the gate with REDIS_URL", () => {
  it("keeps draft-save buckets in Redis, shared by a second gate as by a second web instance", async () => {
    vi.stubEnv("REDIS_URL", REDIS_URL);
    vi.stubEnv("REDIS_PREFIX", PREFIX);
    vi.stubEnv("RATE_DRAFTS_LEARNER_BURST", "2");
    vi.stubEnv("RATE_DRAFTS_LEARNER_PER_MINUTE", "0.1");
    const learner = randomUUID();

    forgetProcessSingleton(GATE_KEY);
    vi.resetModules();
    const first = await import("./gate");
    expect((await first.admitDraftSave(learner, "unknown")).ok).toBe(true);

    forgetProcessSingleton(GATE_KEY);
    vi.resetModules();
    const second = await import("./gate");
    expect((await second.admitDraftSave(learner, "unknown")).ok).toBe(true);
    expect(await second.admitDraftSave(learner, "unknown")).toMatchObject({ ok: false, kind: "rate_limited" });
    const reader = client();
    await firstConnectionAttempt(reader);
    expect(await reader.exists(`${PREFIX}:rate:drafts:learner:${learner}`)).toBe(1);
    expect(second.admissionStatus().maxInFlight).toBe(first.SCALE_OUT_MAX_IN_FLIGHT);
  });

  it("keeps the snippet-sharing buckets in Redis too, so a second web instance sees the first one's shares", async () => {
    vi.stubEnv("REDIS_URL", REDIS_URL);
    vi.stubEnv("REDIS_PREFIX", PREFIX);
    const learner = randomUUID();

    forgetProcessSingleton(GATE_KEY);
    vi.resetModules();
    const first = await import("./gate");
    for (let i = 0; i < 9; i++) expect((await first.admitShare(learner, "unknown")).ok).toBe(true);

    forgetProcessSingleton(GATE_KEY);
    vi.resetModules();
    const second = await import("./gate");
    expect((await second.admitShare(learner, "unknown")).ok).toBe(true);
    const refused = await second.admitShare(learner, "unknown");
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterMs).toBeGreaterThan(0);
    const reader = client();
    await firstConnectionAttempt(reader);
    expect(await reader.exists(`${PREFIX}:rate:shares:learner:${learner}`)).toBe(1);
  });
});
