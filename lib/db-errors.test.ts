import { describe, expect, it } from "vitest";
import { databaseFailure, databaseFailureMessage, retryWhileBusy } from "./db-errors";

// Shapes as the real Prisma client with the better-sqlite3 adapter throws them (see the
// integration test of recordSubmission, which checks the real thing).
const lockedError = Object.assign(new Error("Invalid `db.learner.create()` invocation: Operation has timed out"), {
  code: "P1008",
  meta: { modelName: "Learner", driverAdapterError: { name: "DriverAdapterError", cause: { originalCode: "SQLITE_BUSY", originalMessage: "database is locked", kind: "SocketTimeout" } } },
});
const fullError = Object.assign(new Error("Invalid `tx.submission.create()` invocation: database or disk is full"), { code: "SQLITE_FULL", meta: { modelName: "Submission" } });
const snapshotError = new Error("Invalid invocation", { cause: Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY_SNAPSHOT" }) });

// Shapes as the real Prisma client with the pg adapter threw them against PostgreSQL 15 (another
// connection holding a row lock, a real deadlock, a serializable conflict, a refused port, a role
// over its connection limit, a backend terminated mid-query; 53100 raised with that SQLSTATE, as
// filling a disk is not something a test should do). lib/db-errors.integration.test.ts and the
// record-submission integration test check them against the real server.
const pgCause = (code: string, message: string, kind = "postgres") => ({ originalCode: code, originalMessage: message, kind, code, severity: "ERROR", message });
const adapterError = (cause: object) => Object.assign(new Error(String((cause as { message?: string }).message ?? "DriverAdapterError")), { name: "DriverAdapterError", cause });
const pgLockTimeout = adapterError(pgCause("55P03", "canceling statement due to lock timeout"));
const pgStatementTimeout = adapterError(pgCause("57014", "canceling statement due to statement timeout"));
const pgDeadlock = adapterError(pgCause("40P01", "deadlock detected"));
const pgWriteConflict = Object.assign(new Error("Transaction failed due to a write conflict or a deadlock. Please retry your transaction"), {
  code: "P2034",
  meta: { modelName: "Learner", driverAdapterError: adapterError({ originalCode: "40001", originalMessage: "could not serialize access due to concurrent update", kind: "TransactionWriteConflict" }) },
});
const pgDiskFull = Object.assign(new Error("Raw query failed. Code: `53100`. Message: `could not extend file`"), {
  code: "P2010",
  meta: { driverAdapterError: adapterError(pgCause("53100", "could not extend file \"base/16384/16385\": No space left on device")) },
});
const pgRefused = Object.assign(new Error("Can't reach database server at 127.0.0.1:3499"), {
  code: "P1001",
  meta: { modelName: "Learner", driverAdapterError: Object.assign(new Error("DatabaseNotReachable"), { name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 3499 } }) },
});
const pgTooMany = Object.assign(new Error('Too many database connections opened: too many connections for role "app"'), {
  code: "P2037",
  meta: { modelName: "Learner", driverAdapterError: adapterError({ originalCode: "53300", originalMessage: 'too many connections for role "app"', kind: "TooManyConnections", cause: 'too many connections for role "app"' }) },
});
const pgTerminated = Object.assign(new Error("Raw query failed. Code: `57P01`. Message: `terminating connection due to administrator command`"), {
  code: "P2010",
  meta: { driverAdapterError: adapterError({ ...pgCause("57P01", "terminating connection due to administrator command"), severity: "FATAL" }) },
});
const pgUnique = Object.assign(new Error("Unique constraint failed on the fields: (`id`)"), {
  code: "P2002",
  meta: { modelName: "Submission", driverAdapterError: adapterError({ originalCode: "23505", originalMessage: 'duplicate key value violates unique constraint "Submission_pkey"', kind: "UniqueConstraintViolation", constraint: { fields: ["id"] } }) },
});

describe("databaseFailure on PostgreSQL", () => {
  it("sees lock and statement timeouts, deadlocks and write conflicts as busy", () => {
    for (const error of [pgLockTimeout, pgStatementTimeout, pgDeadlock, pgWriteConflict]) expect(databaseFailure(error)).toBe("busy");
  });

  it("sees a full disk as full, and a server that refuses, is over its connections or kills the connection as unreachable", () => {
    expect(databaseFailure(pgDiskFull)).toBe("full");
    for (const error of [pgRefused, pgTooMany, pgTerminated]) expect(databaseFailure(error)).toBe("unreachable");
    expect(databaseFailure(new Error("Connection terminated unexpectedly"))).toBe("unreachable");
  });

  it("leaves constraint violations alone", () => {
    expect(databaseFailure(pgUnique)).toBeNull();
  });

  it("tells the learner what happened for every kind", () => {
    expect(databaseFailureMessage("unreachable")).toMatch(/does not answer/);
    expect(databaseFailureMessage("busy")).toMatch(/busy/);
    expect(databaseFailureMessage("full")).toMatch(/disk is full/);
  });
});

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

  it("on PostgreSQL (not shared), each writer retries on its own until its budget is spent", async () => {
    const clock = fakeClock();
    let calls = 0;
    const value = await retryWhileBusy(async (attempt) => {
      calls++;
      if (attempt < 2) throw pgLockTimeout;
      return "stored";
    }, { budgetMs: 5_000, shared: false, ...clock });
    expect(value).toBe("stored");
    expect(calls).toBe(3);
    const spent = fakeClock();
    await expect(retryWhileBusy(async () => { throw pgDeadlock; }, { budgetMs: 2_000, shared: false, ...spent })).rejects.toBe(pgDeadlock);
    expect(spent.now()).toBe(2_000);
    await expect(retryWhileBusy(async () => { throw pgRefused; }, { budgetMs: 2_000, shared: false, ...fakeClock() })).rejects.toBe(pgRefused);
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
