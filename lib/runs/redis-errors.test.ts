import { describe, expect, it } from "vitest";
import { overallBudgetMs, stalledIntervalMs } from "./queue-config";
import { withTimeout } from "@/lib/with-timeout";
import { describeRedisError, redisEndpoint, redisErrorCode } from "./redis-errors";

describe("describeRedisError", () => {
  it("names host and port, never the credentials, and says how to start Redis", () => {
    const message = describeRedisError("redis://app:hunter2@cache.internal:6380/2", Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
    expect(message).toContain("Redis at cache.internal:6380 does not answer (ECONNREFUSED)");
    expect(message).toContain("bash scripts/ensure-redis.sh");
    expect(message).toContain("docs/operations.md");
    expect(message).not.toContain("hunter2");
    expect(message).not.toContain("app:");
  });

  it("defaults the port and survives a URL it cannot parse", () => {
    expect(redisEndpoint("rediss://:secret@redis.example")).toBe("redis.example:6379");
    expect(redisEndpoint("redis://[not a url")).toBe("(unparsable REDIS_URL)");
  });

  it("reduces errors to a short code", () => {
    expect(redisErrorCode(new Error("Command timed out"))).toBe("timeout");
    expect(redisErrorCode(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe("not connected");
    expect(redisErrorCode(Object.assign(new Error("x"), { code: "ENOTFOUND" }))).toBe("ENOTFOUND");
  });
});

describe("withTimeout", () => {
  it("rejects with ETIMEDOUT when the promise is slower, and passes results through", async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, "a hang")).rejects.toMatchObject({ code: "ETIMEDOUT", message: "a hang timed out after 20 ms" });
    await expect(withTimeout(Promise.resolve(7), 1_000, "quick")).resolves.toBe(7);
  });
});

describe("the queue's budgets", () => {
  it("gives a job the pickup wait, two attempts and the time to notice a dead worker", () => {
    const budget = overallBudgetMs({ code: "" }, 15_000, 10_000);
    expect(stalledIntervalMs(10_000)).toBe(5_000);
    // 15 s pickup + 2 × (5 s run + 20 s boot + 2 s kill/drain) + 10 s lock + 5 s check + retries.
    expect(budget).toBe(15_000 + 2 * 27_000 + 10_000 + 5_000 + 1_500);
    expect(overallBudgetMs({ code: "", timeoutMs: 30_000 }, 15_000, 10_000)).toBeGreaterThan(budget);
  });
});
