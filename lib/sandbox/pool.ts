// The pool of pre-booted, single-use containers. `size` containers are kept booted (BEAM up,
// compiler warmed, harness waiting on stdin); each is handed to exactly one run and destroyed
// afterwards, off the learner's path, and a replacement boots once the run is over (refillSoon).
//
// When no container is ready a run waits, and every waiter also asks for a boot of its own, so an
// empty pool degrades to cold starts. How long it waits depends on who is in front of the pool:
// - `failFast` (the web tier, where admission in lib/runs is the only queue and already bounds
//   the runs that reach the pool): a run waits only for a boot, at most BOOT_WAIT_MS, and a boot
//   that fails answers it "unavailable" at once. The pool never answers "busy".
// - otherwise (sandbox workers, scripts): a bounded FIFO queue; past `queueLimit` waiters, or
//   after `queueWaitMs`, the answer is "busy".
// Boot failures that will not pass by themselves (engine unreachable, image missing: `isLasting`)
// are answered at once as "unavailable" to everyone waiting and to new runs until a boot succeeds;
// other boot failures leave queued waiters waiting, bounded by their queue wait. Either way the
// refill retries with backoff, so the pool rebuilds itself after a Docker engine restart.
import type Docker from "dockerode";
import type { SandboxRuntime } from "@/lib/env";
import { USER_MESSAGES } from "@/lib/errors";
import { Activity } from "./activity";
import { removeContainersWithPrefix } from "./container";
import { describeError } from "./docker-client";
import { BOOT_TIMEOUT_MS } from "./limits";
import { SandboxSession } from "./session";

export interface PoolOptions {
  size: number;
  /** No queue of its own: a run waits only for a boot (see the header). */
  failFast?: boolean;
  queueLimit: number;
  queueWaitMs: number;
  bootConcurrency: number;
  docker: () => Docker;
  image: () => Promise<string>;
  label: string;
  /** The OCI runtime of the pool's containers (default SANDBOX_RUNTIME). */
  runtime?: SandboxRuntime;
  /** Turns a boot failure into the message a learner sees. */
  describeFailure: (error: unknown, image: string) => string;
  /** Whether a boot failure will last until someone acts (engine down, image missing); default: every failure. */
  isLasting?: (error: unknown) => boolean;
}

/**
 * When the pool's work after a run starts (removing its used containers, booting their
 * replacements): `startNow` by default. The web tier passes Next's `after`, so that this work,
 * about a core's worth for a moment, starts once the learner's answer is written.
 */
export type Housekeeping = (work: () => void) => void;

const startNow: Housekeeping = (work) => work();

export type Lease = { kind: "session"; session: SandboxSession } | { kind: "busy"; message: string } | { kind: "unavailable"; message: string };

interface Waiter {
  resolve: (lease: Lease) => void;
  timer: NodeJS.Timeout;
}

export interface PoolStatus {
  size: number;
  ready: number;
  booting: number;
  waiting: number;
  running: number;
  /** Used or dead containers being removed. */
  removing: number;
  lastError: string | null;
}

const MAX_BACKOFF_MS = 10_000;
/** The longest a run's replacement boot waits for the run to end (see refillSoon). */
const REFILL_DELAY_MS = 500;
/** failFast: the longest wait for a container, one boot's timeout plus a margin. */
const BOOT_WAIT_MS = BOOT_TIMEOUT_MS + 2_000;

export class SandboxPool {
  private readonly ready: SandboxSession[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly removals = new Set<Promise<void>>();
  /** Sessions released by their run whose removal has not started yet (see Housekeeping). */
  private readonly released = new Set<SandboxSession>();
  private booting = 0;
  private running = 0;
  private closed = false;
  private failures = 0;
  private lastError: string | null = null;
  private lastErrorLasts = false;
  /** Container ids of every session from boot to removal (the sweep leaves them alone). */
  private readonly live = new Set<string>();
  private retryTimer: NodeJS.Timeout | null = null;
  private refillTimer: NodeJS.Timeout | null = null;
  private readonly activity = new Activity();
  /** Containers handed out so far, and how many may be handed out in all (expectLeases), if known. */
  private handedOut = 0;
  private leaseBudget: number | null = null;

  constructor(private readonly options: PoolOptions) {}

  status(): PoolStatus {
    return {
      size: this.options.size,
      ready: this.ready.length,
      booting: this.booting,
      waiting: this.waiters.length,
      running: this.running,
      removing: this.removals.size + this.released.size,
      lastError: this.lastError,
    };
  }

  /** Ids of the containers this pool holds (ready, running or being removed). */
  liveContainerIds(): ReadonlySet<string> {
    return new Set(this.live);
  }

  /**
   * For a caller that knows its work (content:check): `count` more containers will be asked for,
   * then none. The pool then boots no more than that ahead of time, so no container is booted only
   * to be removed at shutdown. A run that waits still gets a boot of its own (a retry, say).
   */
  expectLeases(count: number): void {
    this.leaseBudget = this.handedOut + Math.max(0, count);
  }

  /** Starts filling the pool; resolves when every slot has booted once (or failed). */
  async warmUp(): Promise<void> {
    this.refill();
    while (!this.closed && this.ready.length < this.options.size && this.booting > 0) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  acquire(): Promise<Lease> {
    if (this.closed) return Promise.resolve({ kind: "unavailable", message: "The sandbox is shutting down; try again in a moment." });
    let session = this.ready.shift();
    while (session?.hasExited) {
      this.track(session.dispose().catch(() => undefined), session);
      session = this.ready.shift();
    }
    if (session) {
      this.running += 1;
      this.handedOut += 1;
      this.refillSoon();
      return Promise.resolve({ kind: "session", session });
    }
    // Between retries after a lasting boot failure (engine down, image missing) answer at once.
    if (this.retryTimer && this.lastError && this.lastErrorLasts) return Promise.resolve({ kind: "unavailable", message: this.lastError });
    const { failFast = false } = this.options;
    if (!failFast && this.waiters.length >= this.options.queueLimit) return Promise.resolve(busy());
    return new Promise<Lease>((resolve) => {
      const waiter: Waiter = {
        resolve,
        timer: setTimeout(
          () => {
            this.dropWaiter(waiter);
            resolve(failFast ? { kind: "unavailable", message: this.lastError ?? NO_CONTAINER_IN_TIME } : busy());
          },
          failFast ? BOOT_WAIT_MS : this.options.queueWaitMs,
        ),
      };
      this.waiters.push(waiter);
      this.refill();
    });
  }

  /**
   * Destroys a used session in the background, and boots its replacement: the learner does not
   * wait for either. `housekeeping` says when that starts.
   */
  release(session: SandboxSession, housekeeping: Housekeeping = startNow): void {
    this.running = Math.max(0, this.running - 1);
    this.released.add(session);
    try {
      housekeeping(() => this.remove(session));
    } catch (error) {
      // A scheduler that refuses the work (Next's `after` outside a request) must not leave the
      // container behind until shutdown.
      console.error(`sandbox: housekeeping refused, removing container ${session.id} now: ${describeError(error)}`);
      this.remove(session);
    }
  }

  /**
   * Stops booting, answers waiters, lets runs in flight finish (up to `drainMs`), then removes
   * every container this pool owns and waits for that.
   */
  async shutdown(drainMs = 0): Promise<void> {
    this.closed = true;
    for (const session of [...this.released]) this.remove(session);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.refillTimer) clearTimeout(this.refillTimer);
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.resolve({ kind: "unavailable", message: "The sandbox is shutting down; try again in a moment." });
    }
    const idle = this.ready.splice(0);
    await this.activity.during(async () => {
      await Promise.all(idle.map((session) => session.dispose().catch(() => undefined)));
      for (const session of idle) this.live.delete(session.id);
      const drainUntil = Date.now() + drainMs;
      while (this.running > 0 && Date.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 25));
      while (this.booting > 0 || this.removals.size > 0) {
        await Promise.all([...this.removals]);
        if (this.booting > 0) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await removeContainersWithPrefix(this.options.label, this.options.docker()).catch(() => 0);
    });
  }

  // A run that took a ready container gets its replacement once it releases it, or after
  // REFILL_DELAY_MS: a boot keeps a core busy for about half a second, and the run would share
  // the machine with it (a judged run takes two containers, so two boots). A waiter never waits
  // for this: acquire() boots for waiters at once.
  private refillSoon(): void {
    if (this.refillTimer) return;
    this.refillTimer = setTimeout(() => {
      this.refillTimer = null;
      this.refill();
    }, REFILL_DELAY_MS);
    this.refillTimer.unref();
  }

  private refill(): void {
    if (this.closed || this.retryTimer) return;
    let wanted = this.options.size - this.ready.length + this.waiters.length;
    if (this.leaseBudget !== null) wanted = Math.min(wanted, Math.max(this.leaseBudget - this.handedOut - this.ready.length, this.waiters.length));
    while (this.booting < wanted && this.booting < this.options.bootConcurrency) this.bootOne();
  }

  private bootOne(): void {
    this.booting += 1;
    let image = "";
    const boot = this.activity.during(async () => {
      image = await this.options.image();
      return SandboxSession.start(this.options.docker(), image, this.options.label, undefined, this.options.runtime);
    });
    boot.then(
      (session) => {
        this.booting -= 1;
        this.failures = 0;
        this.lastError = null;
        this.lastErrorLasts = false;
        this.live.add(session.id);
        if (this.closed) {
          this.track(session.dispose().catch(() => undefined), session);
          return;
        }
        this.offer(session);
        this.refill();
      },
      (error: unknown) => {
        this.booting -= 1;
        this.failures += 1;
        this.lastError = this.options.describeFailure(error, image);
        this.lastErrorLasts = this.options.isLasting?.(error) ?? true;
        if (this.lastErrorLasts) {
          for (const waiter of this.waiters.splice(0)) {
            clearTimeout(waiter.timer);
            waiter.resolve({ kind: "unavailable", message: this.lastError });
          }
        } else {
          console.warn(`sandbox: a container failed to boot, retrying (${this.lastError})`);
          // Fail fast: the run that was waiting for this boot hears about it now.
          const waiter = this.options.failFast ? this.waiters.shift() : undefined;
          if (waiter) {
            clearTimeout(waiter.timer);
            waiter.resolve({ kind: "unavailable", message: this.lastError });
          }
        }
        if (this.closed) return;
        const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(this.failures, 6));
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.refill();
        }, delay);
        this.retryTimer.unref();
      },
    );
  }

  /** The removal of a released session, once (shutdown may have started it already), then a refill. */
  private remove(session: SandboxSession): void {
    if (!this.released.delete(session)) return;
    this.track(
      session.dispose().catch((error: unknown) => console.error(`sandbox: could not remove container ${session.id}: ${describeError(error)}`)),
      session,
    );
    this.refill();
  }

  private offer(session: SandboxSession): void {
    const waiter = this.waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      this.running += 1;
      this.handedOut += 1;
      waiter.resolve({ kind: "session", session });
      return;
    }
    this.ready.push(session);
    // A ready container that dies while idle (engine restart, killed from outside) is dropped.
    void session.ended.then(() => {
      const index = this.ready.indexOf(session);
      if (index === -1) return;
      this.ready.splice(index, 1);
      this.track(session.dispose().catch(() => undefined), session);
      this.refill();
    });
  }

  private dropWaiter(waiter: Waiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index !== -1) this.waiters.splice(index, 1);
  }

  private track(removal: Promise<void>, session: SandboxSession): void {
    const tracked = this.activity.during(() => removal);
    this.removals.add(tracked);
    void tracked.finally(() => {
      this.removals.delete(tracked);
      this.live.delete(session.id);
    });
  }
}

const NO_CONTAINER_IN_TIME = "The sandbox could not start a container in time; try again in a moment.";

function busy(): Lease {
  return { kind: "busy", message: USER_MESSAGES.busy };
}
