// Boot failures without Docker: the image lookup is the first step of every boot, so a failing
// `image()` is a boot failure the pool must classify. (Real boots: faults.integration.test.ts.)
import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { SandboxPool } from "./pool";
import { SessionBootError } from "./session";

function pool(image: () => Promise<string>, queueWaitMs = 1_500, failFast = false) {
  return new SandboxPool({
    size: 0,
    failFast,
    queueLimit: 4,
    queueWaitMs,
    bootConcurrency: 1,
    // Never reached: every boot fails at the image step. shutdown() lists containers and ignores the failure.
    docker: () => ({}) as Docker,
    image,
    label: "unit.pool",
    describeFailure: (error) => (error as Error).message,
    isLasting: (error) => !(error instanceof SessionBootError),
  });
}

describe("SandboxPool boot failures", () => {
  it("answers every waiter unavailable at once when the failure lasts (engine down, image missing)", async () => {
    const started = Date.now();
    let boots = 0;
    const p = pool(() => {
      boots += 1;
      return Promise.reject(Object.assign(new Error("connect ENOENT"), { code: "ENOENT" }));
    }, 10_000);
    const leases = await Promise.all([p.acquire(), p.acquire()]);
    expect(leases).toEqual([
      { kind: "unavailable", message: "connect ENOENT" },
      { kind: "unavailable", message: "connect ENOENT" },
    ]);
    // Answered by the first failure, long before the 10 s queue wait.
    expect(Date.now() - started).toBeLessThan(5_000);
    // Until a retry succeeds, new runs are answered at once without another boot.
    const bootsBefore = boots;
    expect(await p.acquire()).toEqual({ kind: "unavailable", message: "connect ENOENT" });
    expect(boots).toBe(bootsBefore);
    expect(p.status().lastError).toBe("connect ENOENT");
    await p.shutdown();
  });

  it("keeps waiters waiting through a passing failure while the refill retries, then answers busy at their deadline", async () => {
    let boots = 0;
    const p = pool(() => {
      boots += 1;
      return Promise.reject(new SessionBootError("The sandbox did not start within 20 s"));
    }, 1_500);
    const started = Date.now();
    const lease = await p.acquire();
    expect(lease).toMatchObject({ kind: "busy" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    // The first boot failed, then the refill retried after its backoff (250 ms * 2).
    expect(boots).toBeGreaterThanOrEqual(2);
    expect(p.status()).toMatchObject({ lastError: "The sandbox did not start within 20 s", waiting: 0 });
    await p.shutdown();
  });

  it("keeps a waiter through a passing failure and answers it from the retry", async () => {
    let boots = 0;
    const p = pool(() => {
      boots += 1;
      if (boots === 1) return Promise.reject(new SessionBootError("crashed while starting"));
      return new Promise<string>((_, reject) => setTimeout(() => reject(Object.assign(new Error("image gone"), { code: "ENOENT" })), 1_000));
    }, 5_000);
    const lease = p.acquire();
    await new Promise((resolve) => setTimeout(resolve, 700));
    // Still waiting after the first failure (not answered unavailable), and the retry is under way.
    expect(p.status()).toMatchObject({ waiting: 1, booting: 1, lastError: "crashed while starting" });
    expect(boots).toBe(2);
    // The retry's failure lasts: that one answers the waiter.
    expect(await lease).toEqual({ kind: "unavailable", message: "image gone" });
    await p.shutdown();
  });

  it("treats every failure as lasting when no classifier is given", async () => {
    const p = new SandboxPool({
      size: 0,
      queueLimit: 4,
      queueWaitMs: 10_000,
      bootConcurrency: 1,
      docker: () => ({}) as Docker,
      image: () => Promise.reject(new SessionBootError("boom")),
      label: "unit.pool",
      describeFailure: () => "boom",
    });
    expect(await p.acquire()).toEqual({ kind: "unavailable", message: "boom" });
    await p.shutdown();
  });

  it("failing fast (the web tier), answers a passing boot failure unavailable at once and never busy, whatever the queue settings", async () => {
    const p = pool(() => Promise.reject(new SessionBootError("The sandbox did not start within 20 s")), 100, true);
    const started = Date.now();
    // Five runs against a queue limit of 4 and a 100 ms queue wait: none is refused as busy.
    const leases = await Promise.all(Array.from({ length: 5 }, () => p.acquire()));
    for (const lease of leases) expect(lease).toEqual({ kind: "unavailable", message: "The sandbox did not start within 20 s" });
    expect(Date.now() - started).toBeLessThan(15_000);
    await p.shutdown();
  }, 30_000);
});

describe("SandboxPool with a known amount of work", () => {
  // Boots that never finish: what is counted is how many the pool starts.
  function counting(size: number) {
    const started = { boots: 0 };
    const p = new SandboxPool({
      size,
      queueLimit: 4,
      queueWaitMs: 60_000,
      bootConcurrency: 4,
      docker: () => ({}) as Docker,
      image: () => {
        started.boots += 1;
        return new Promise<string>(() => {});
      },
      label: "unit.pool-budget",
      describeFailure: (error) => (error as Error).message,
    });
    return { p, started };
  }

  it("boots its size ahead of time when the work is unknown", () => {
    const { p, started } = counting(3);
    void p.warmUp();
    expect(started.boots).toBe(3);
  });

  it("boots no more than the containers still to be asked for", () => {
    const { p, started } = counting(3);
    p.expectLeases(1);
    void p.warmUp();
    expect(started.boots).toBe(1);
    expect(p.status().booting).toBe(1);
  });

  it("still boots for a run that waits beyond what was expected", () => {
    const { p, started } = counting(2);
    p.expectLeases(0);
    void p.warmUp();
    expect(started.boots).toBe(0);
    void p.acquire();
    expect(started.boots).toBe(1);
  });
});
