// Admission: the global bound on sandbox work in flight (exercise runs and lesson examples alike),
// with a fair queue in front of it. At most `maxInFlight` runs hold a slot; the rest wait, at most
// `queueLimit` of them and each at most `maxWaitMs`, and past either bound the answer is "busy"
// with a retry hint instead of a request that hangs.
//
// Fairness: waiting runs are grouped by learner and slots go round-robin across learners, so a
// learner with five runs queued gets one turn per round like a learner with one. A learner has at
// most one run in flight; a second concurrent run (another tab) waits behind the first rather
// than being refused, since it is legitimate and its wait is bounded, but a learner may hold only
// `perLearnerQueue` waiting runs, so one client cannot fill the shared queue.
import "server-only";
import { USER_MESSAGES } from "@/lib/errors";

export interface AdmissionOptions {
  maxInFlight: number;
  queueLimit: number;
  maxWaitMs: number;
  perLearnerQueue: number;
}

/** A refusal's `message` is what the learner reads (for busy: the one busy sentence); `reason` says which bound refused it. */
export type Admitted<T> = { ok: true; value: T } | { ok: false; kind: "busy" | "unavailable"; message: string; reason: string; retryAfterMs: number };

export interface AdmissionStatus {
  inFlight: number;
  waiting: number;
  maxInFlight: number;
  queueLimit: number;
  closed: boolean;
}

type WaitResult = "started" | "timeout" | "closed";

interface Waiter {
  key: string;
  settle: (result: WaitResult) => void;
  timer: NodeJS.Timeout;
}

export class Admission {
  private inFlight = 0;
  private waitingCount = 0;
  private closed = false;
  private readonly running = new Set<string>();
  /** Waiting runs per learner, in arrival order; the map's order is the round-robin order. */
  private readonly queues = new Map<string, Waiter[]>();

  constructor(private readonly options: AdmissionOptions) {}

  status(): AdmissionStatus {
    return { inFlight: this.inFlight, waiting: this.waitingCount, maxInFlight: this.options.maxInFlight, queueLimit: this.options.queueLimit, closed: this.closed };
  }

  /** Refuses new work from now on (the server is shutting down); work already admitted finishes. */
  close(): void {
    this.closed = true;
    for (const queue of this.queues.values()) for (const waiter of queue) clearTimeout(waiter.timer);
    const waiting = [...this.queues.values()].flat();
    this.queues.clear();
    this.waitingCount = 0;
    for (const waiter of waiting) waiter.settle("closed");
  }

  /** Runs `work` for learner `key` once a slot is free, or answers busy/unavailable without running it. */
  async run<T>(key: string, work: () => Promise<T>): Promise<Admitted<T>> {
    if (this.closed) return this.shuttingDown();
    if (!this.canStart(key)) {
      const queue = this.queues.get(key);
      if (this.waitingCount >= this.options.queueLimit) return this.busy("the queue is full");
      if ((queue?.length ?? 0) >= this.options.perLearnerQueue)
        return this.busy("this learner already has runs waiting");
      const result = await this.wait(key);
      if (result === "timeout") return this.busy("waited as long as a run may wait");
      if (result === "closed") return this.shuttingDown();
    } else {
      this.take(key);
    }
    try {
      return { ok: true, value: await work() };
    } finally {
      this.release(key);
    }
  }

  private canStart(key: string): boolean {
    return this.inFlight < this.options.maxInFlight && !this.running.has(key) && !this.queues.has(key);
  }

  private take(key: string): void {
    this.inFlight += 1;
    this.running.add(key);
  }

  private release(key: string): void {
    this.inFlight -= 1;
    this.running.delete(key);
    this.dispatch();
  }

  /** Resolves "started" once the run holds a slot (taken for it by dispatch). */
  private wait(key: string): Promise<WaitResult> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        key,
        settle: resolve,
        timer: setTimeout(() => {
          const queue = this.queues.get(key);
          const index = queue?.indexOf(waiter) ?? -1;
          if (!queue || index < 0) return;
          queue.splice(index, 1);
          if (queue.length === 0) this.queues.delete(key);
          this.waitingCount -= 1;
          resolve("timeout");
        }, this.options.maxWaitMs),
      };
      const queue = this.queues.get(key);
      if (queue) queue.push(waiter);
      else this.queues.set(key, [waiter]);
      this.waitingCount += 1;
      this.dispatch();
    });
  }

  /** Hands free slots to waiting learners round-robin, skipping learners with a run in flight. */
  private dispatch(): void {
    if (this.closed) return;
    while (this.inFlight < this.options.maxInFlight) {
      let next: string | null = null;
      for (const key of this.queues.keys()) {
        if (!this.running.has(key)) {
          next = key;
          break;
        }
      }
      if (next === null) return;
      const queue = this.queues.get(next)!;
      const waiter = queue.shift()!;
      this.queues.delete(next);
      // A learner with more runs waiting goes to the back of the round.
      if (queue.length > 0) this.queues.set(next, queue);
      clearTimeout(waiter.timer);
      this.waitingCount -= 1;
      this.take(next);
      waiter.settle("started");
    }
  }

  private busy(reason: string): Admitted<never> {
    // Longer queues ask for a longer pause, so retries do not arrive as one wave.
    const retryAfterMs = Math.min(10_000, 1_000 + 250 * this.waitingCount);
    return { ok: false, kind: "busy", message: USER_MESSAGES.busy, reason, retryAfterMs };
  }

  private shuttingDown(): Admitted<never> {
    return { ok: false, kind: "unavailable", message: "The server is restarting; try again in a few seconds.", reason: "shutting down", retryAfterMs: 5_000 };
  }
}
