import { afterEach, describe, expect, it, vi } from "vitest";
import { Admission, type AdmissionOptions } from "./admission";

/** A piece of fake work that finishes when the test says so. */
function gated<T>(value: T) {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<T>((resolve, reject) => {
    finish = () => resolve(value);
    fail = reject;
  });
  const started = vi.fn();
  return { work: () => (started(), done), finish, fail, started };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function admission(options: Partial<AdmissionOptions> = {}) {
  return new Admission({ maxInFlight: 1, queueLimit: 100, maxWaitMs: 60_000, perLearnerQueue: 10, ...options });
}

afterEach(() => vi.useRealTimers());

describe("Admission", () => {
  it("hands slots round-robin across learners: five queued runs of one learner do not starve another's one", async () => {
    const a = admission();
    const order: string[] = [];
    const blocker = gated("blocker");
    const first = a.run("x", blocker.work);
    const runs: Promise<unknown>[] = [];
    for (let i = 1; i <= 5; i++) runs.push(a.run("greedy", async () => void order.push(`greedy${i}`)));
    runs.push(a.run("polite", async () => void order.push("polite1")));
    runs.push(a.run("other", async () => void order.push("other1")));
    expect(a.status()).toMatchObject({ inFlight: 1, waiting: 7 });
    blocker.finish();
    await Promise.all([first, ...runs]);
    expect(order).toEqual(["greedy1", "polite1", "other1", "greedy2", "greedy3", "greedy4", "greedy5"]);
    expect(a.status()).toMatchObject({ inFlight: 0, waiting: 0 });
  });

  it("never runs two of one learner's runs at once, even with free slots", async () => {
    const a = admission({ maxInFlight: 4 });
    const one = gated(1);
    const two = gated(2);
    const p1 = a.run("learner", one.work);
    const p2 = a.run("learner", two.work);
    await flush();
    expect(one.started).toHaveBeenCalled();
    expect(two.started).not.toHaveBeenCalled();
    expect(a.status()).toMatchObject({ inFlight: 1, waiting: 1 });
    one.finish();
    await flush();
    expect(two.started).toHaveBeenCalled();
    two.finish();
    expect(await p1).toEqual({ ok: true, value: 1 });
    expect(await p2).toEqual({ ok: true, value: 2 });
  });

  it("answers busy past the queue bound and past the per-learner queue bound, without running the work", async () => {
    const a = admission({ maxInFlight: 1, queueLimit: 2, perLearnerQueue: 1 });
    const blocker = gated(0);
    const running = a.run("a", blocker.work);
    const waiting = [a.run("b", async () => 1), a.run("c", async () => 2)];
    const overflow = vi.fn(async () => 3);
    expect(await a.run("d", overflow)).toMatchObject({ ok: false, kind: "busy", reason: expect.stringMatching(/queue is full/) });
    expect(overflow).not.toHaveBeenCalled();

    const b = admission({ maxInFlight: 1, queueLimit: 10, perLearnerQueue: 1 });
    const hold = gated(0);
    const held = b.run("x", hold.work);
    const queued = b.run("same", async () => 1);
    const second = await b.run("same", overflow);
    expect(second).toMatchObject({ ok: false, kind: "busy", reason: expect.stringMatching(/already has runs waiting/) });
    if (!second.ok) expect(second.retryAfterMs).toBeGreaterThan(0);
    expect(overflow).not.toHaveBeenCalled();

    blocker.finish();
    hold.finish();
    expect(await Promise.all([running, ...waiting, held, queued])).toEqual([0, 1, 2, 0, 1].map((value) => ({ ok: true, value })));
  });

  it("gives up on a run that waited too long, and the queue moves on without it", async () => {
    vi.useFakeTimers();
    const a = admission({ maxWaitMs: 1_000 });
    const blocker = gated(0);
    const running = a.run("a", blocker.work);
    const late = vi.fn(async () => 1);
    const waiting = a.run("b", late);
    await vi.advanceTimersByTimeAsync(1_001);
    expect(await waiting).toMatchObject({ ok: false, kind: "busy", reason: expect.stringMatching(/as long as a run may wait/) });
    expect(a.status()).toMatchObject({ inFlight: 1, waiting: 0 });
    blocker.finish();
    await running;
    expect(late).not.toHaveBeenCalled();
    expect(await a.run("c", async () => 2)).toEqual({ ok: true, value: 2 });
  });

  it("frees the slot when the work throws, and passes the error on", async () => {
    const a = admission({ maxInFlight: 1 });
    const failing = gated(0);
    const pending = a.run("a", failing.work);
    const next = a.run("b", async () => "after");
    failing.fail(new Error("boom"));
    await expect(pending).rejects.toThrow("boom");
    expect(await next).toEqual({ ok: true, value: "after" });
    await expect(a.run("c", async () => Promise.reject(new Error("sync")))).rejects.toThrow("sync");
    expect(a.status()).toMatchObject({ inFlight: 0, waiting: 0 });
  });

  it("on close refuses queued and new runs as unavailable, and lets the running one finish", async () => {
    const a = admission();
    const blocker = gated("done");
    const running = a.run("a", blocker.work);
    const queuedWork = vi.fn(async () => 1);
    const queued = a.run("b", queuedWork);
    a.close();
    expect(await queued).toMatchObject({ ok: false, kind: "unavailable", message: expect.stringMatching(/restarting/) });
    expect(await a.run("c", queuedWork)).toMatchObject({ ok: false, kind: "unavailable" });
    blocker.finish();
    expect(await running).toEqual({ ok: true, value: "done" });
    expect(queuedWork).not.toHaveBeenCalled();
    expect(a.status()).toMatchObject({ inFlight: 0, waiting: 0, closed: true });
  });
});
