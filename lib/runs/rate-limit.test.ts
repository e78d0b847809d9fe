import { describe, expect, it } from "vitest";
import { TokenBucketLimiter, takeBoth } from "./rate-limit";

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe("TokenBucketLimiter", () => {
  it("allows the burst, then refuses with the time until the next token, then refills", () => {
    const c = clock();
    const limiter = new TokenBucketLimiter({ burst: 3, perMinute: 6, now: c.now }); // one token per 10 s
    expect([1, 2, 3].map(() => limiter.takeNow("a").ok)).toEqual([true, true, true]);
    expect(limiter.takeNow("a")).toEqual({ ok: false, retryAfterMs: 10_000 });
    c.advance(4_000);
    expect(limiter.takeNow("a")).toEqual({ ok: false, retryAfterMs: 6_000 });
    c.advance(6_000);
    expect(limiter.takeNow("a").ok).toBe(true);
    expect(limiter.takeNow("a").ok).toBe(false);
    expect(limiter.takeNow("b").ok).toBe(true); // keys are independent
  });

  it("does not save up more than the burst", () => {
    const c = clock();
    const limiter = new TokenBucketLimiter({ burst: 2, perMinute: 60, now: c.now });
    limiter.takeNow("a");
    c.advance(3_600_000);
    expect([1, 2, 3].map(() => limiter.takeNow("a").ok)).toEqual([true, true, false]);
  });

  it("forgets full buckets and never holds more than maxKeys", () => {
    const c = clock();
    const limiter = new TokenBucketLimiter({ burst: 2, perMinute: 60, maxKeys: 100, now: c.now });
    for (let i = 0; i < 1_000; i++) limiter.takeNow(`key-${i}`);
    expect(limiter.size).toBeLessThanOrEqual(100);
    c.advance(2_001); // every bucket is full again
    limiter.takeNow("fresh");
    expect(limiter.size).toBe(1);
  });
});

describe("takeBoth", () => {
  it("refuses when either the learner's or the address's bucket is empty; unknown addresses are not pooled", async () => {
    const c = clock();
    const limits = {
      learner: new TokenBucketLimiter({ burst: 2, perMinute: 1, now: c.now }),
      address: new TokenBucketLimiter({ burst: 3, perMinute: 1, now: c.now }),
    };
    expect((await takeBoth(limits, "l1", "10.0.0.1")).ok).toBe(true);
    expect((await takeBoth(limits, "l1", "10.0.0.1")).ok).toBe(true);
    expect((await takeBoth(limits, "l1", "10.0.0.1")).ok).toBe(false); // learner limit
    expect((await takeBoth(limits, "l2", "10.0.0.1")).ok).toBe(true);
    expect(await takeBoth(limits, "l3", "10.0.0.1")).toMatchObject({ ok: false, retryAfterMs: expect.any(Number) }); // address limit
    // The refusal did not spend l3's token: both of its burst of 2 are still there.
    const l3: boolean[] = [];
    for (let i = 0; i < 3; i++) l3.push((await takeBoth(limits, "l3", "10.0.0.2")).ok);
    expect(l3).toEqual([true, true, false]);
    expect((await takeBoth(limits, "l4", "unknown")).ok).toBe(true);
    expect((await takeBoth(limits, "l5", "unknown")).ok).toBe(true);
  });
});
