import { describe, expect, it } from "vitest";
import { retryDelay } from "./use-retrying-run";

describe("retryDelay", () => {
  it("never retries before Retry-After", () => {
    for (const r of [0, 0.5, 1]) expect(retryDelay(7_000, 1, () => r)).toBeGreaterThanOrEqual(7_000);
  });

  it("backs off with each attempt, with jitter, up to a cap", () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((n) => retryDelay(500, n, mid))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(retryDelay(500, 2, () => 0)).toBe(1_600);
    expect(retryDelay(500, 2, () => 1)).toBe(2_400);
    expect(retryDelay(500, 30, () => 1)).toBe(15_000);
  });
});
