import { describe, expect, it } from "vitest";
import { databaseFailure, retryWhileBusy } from "./db-errors";

// Shapes as the real Prisma client with the better-sqlite3 adapter throws them (see the
// integration test of recordSubmission, which checks the real thing).
const lockedError = Object.assign(new Error("Invalid `db.learner.create()` invocation: Operation has timed out"), {
  code: "P1008",
  meta: { modelName: "Learner", driverAdapterError: { name: "DriverAdapterError", cause: { originalCode: "SQLITE_BUSY", originalMessage: "database is locked", kind: "SocketTimeout" } } },
});
const fullError = Object.assign(new Error("Invalid `tx.submission.create()` invocation: database or disk is full"), { code: "SQLITE_FULL", meta: { modelName: "Submission" } });
const snapshotError = new Error("Invalid invocation", { cause: Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY_SNAPSHOT" }) });

describe("databaseFailure", () => {
  it("recognises a locked database and a full disk wherever Prisma puts the driver's code", () => {
    expect(databaseFailure(lockedError)).toBe("busy");
    expect(databaseFailure(snapshotError)).toBe("busy");
    expect(databaseFailure(fullError)).toBe("full");
  });

  it("leaves every other error alone, including Prisma's own timeouts and cycles", () => {
    expect(databaseFailure(Object.assign(new Error("Operation has timed out"), { code: "P1008" }))).toBeNull();
    expect(databaseFailure(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }))).toBeNull();
    const cyclic: { message: string; cause?: unknown } = { message: "x" };
    cyclic.cause = cyclic;
    expect(databaseFailure(cyclic)).toBeNull();
    expect(databaseFailure(null)).toBeNull();
    expect(databaseFailure("database is locked")).toBeNull();
  });
});

describe("retryWhileBusy", () => {
  function fakeClock() {
    let t = 0;
    const sleeps: number[] = [];
    return { now: () => t, sleep: async (ms: number) => { sleeps.push(ms); t += ms; }, sleeps };
  }

  it("retries while the database is locked and returns the first success", async () => {
    const clock = fakeClock();
    let calls = 0;
    const value = await retryWhileBusy(async (attempt) => {
      calls++;
      if (attempt < 3) throw lockedError;
      return "stored";
    }, { budgetMs: 5_000, ...clock });
    expect(value).toBe("stored");
    expect(calls).toBe(4);
    expect(clock.sleeps).toHaveLength(3);
    expect(clock.sleeps.every((ms) => ms > 0 && ms <= 500)).toBe(true);
  });

  it("gives up with the 'busy' error once the budget is spent, without sleeping past it", async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(retryWhileBusy(async () => { calls++; throw lockedError; }, { budgetMs: 5_000, ...clock })).rejects.toBe(lockedError);
    expect(clock.now()).toBe(5_000);
    expect(calls).toBeGreaterThan(10);
  });

  it("does not retry any other failure", async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(retryWhileBusy(async () => { calls++; throw fullError; }, { budgetMs: 5_000, ...clock })).rejects.toBe(fullError);
    expect(calls).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });
});

describe("retryWhileBusy with many writers waiting for one lock", () => {
  it("lets one attempt at a time find out whether the lock is gone, and every writer gets through after it", async () => {
    let locked = true;
    let attemptsWhileLocked = 0;
    const writers = 20;
    const work = async () => {
      if (locked) {
        attemptsWhileLocked++;
        throw lockedError;
      }
      return "stored";
    };
    setTimeout(() => (locked = false), 600);
    const results = await Promise.all(Array.from({ length: writers }, () => retryWhileBusy(work, { budgetMs: 5_000 })));
    expect(results).toEqual(Array(writers).fill("stored"));
    // Each writer tries once on its own before the lock is known; after that the probes take
    // turns, each followed by its pause (at least 10 ms), so 600 ms hold few of them. Retrying
    // on their own, 20 writers would have made well over a hundred attempts.
    expect(attemptsWhileLocked).toBeLessThan(writers + 40);
  });
});
