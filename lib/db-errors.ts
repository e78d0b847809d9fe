// Recognises the database failures a learner should hear about as "try again" rather than as an
// internal error: the database locked by another writer for longer than we wait, and a full disk.
// Prisma wraps driver errors differently depending on where they surface, as seen with the real
// better-sqlite3 adapter: a locked database is a known-request error P1008 ("Operation has timed
// out") whose meta.driverAdapterError.cause carries originalCode SQLITE_BUSY; a full disk is a
// known-request error with code SQLITE_FULL; extended codes the adapter does not map (such as
// SQLITE_BUSY_SNAPSHOT) come through as the driver's own error, possibly as a cause. So this looks
// through the whole chain (cause, meta, driverAdapterError) for the SQLite code or its message.
// Also owns the asynchronous retry of writes that met a locked database.
export type DatabaseFailure = "busy" | "full";

const PATTERNS: { failure: DatabaseFailure; codes: string[]; messages: RegExp }[] = [
  { failure: "busy", codes: ["SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_RECOVERY", "SQLITE_BUSY_TIMEOUT", "SQLITE_LOCKED_SHAREDCACHE"], messages: /database (table )?is locked|database is busy/i },
  { failure: "full", codes: ["SQLITE_FULL"], messages: /database or disk is full/i },
];

const NESTED = ["cause", "meta", "driverAdapterError"] as const;

/** "busy" or "full" when `error` is one of those database failures, else null. */
export function databaseFailure(error: unknown): DatabaseFailure | null {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.shift();
    if (!current || typeof current !== "object" || seen.has(current) || seen.size > 50) continue;
    seen.add(current);
    const record = current as Record<string, unknown>;
    const codes = [record.code, record.originalCode].filter((c): c is string => typeof c === "string");
    const messages = [record.message, record.originalMessage].filter((m): m is string => typeof m === "string");
    for (const pattern of PATTERNS) {
      if (codes.some((code) => pattern.codes.includes(code)) || messages.some((m) => pattern.messages.test(m))) return pattern.failure;
    }
    for (const key of NESTED) pending.push(record[key]);
  }
  return null;
}

/** What the learner is told; their code stays in the editor either way. */
export function databaseFailureMessage(failure: DatabaseFailure): string {
  return failure === "busy"
    ? "The database is busy right now, so your run was not saved. Your code is still here; run it again in a moment."
    : "The server's disk is full, so your run was not saved. Your code is still here; please tell the site's operators and try again later.";
}

export interface RetryOptions {
  /** Total time to keep retrying after the first failure; then the last error is thrown. */
  budgetMs: number;
  /** First pause; it doubles up to maxDelayMs, with jitter so waiting writers do not move in step. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// Shared by every write of the process. A locked database makes each attempt block the event loop
// for the driver's busy timeout; with thirty writers retrying on their own that would add up to
// a frozen site. So once a write has seen the lock, one attempt at a time finds out whether it is
// gone (the probe, followed by its pause), and the others wait for it instead of trying as well.
const gate: { locked: boolean; probe: Promise<void> | null; lastError: unknown } = { locked: false, probe: null, lastError: null };

/**
 * Runs `work` and, while it fails because the database is locked, runs it again after a pause,
 * asynchronously (the event loop serves other requests meanwhile), until `budgetMs` has passed.
 * `work` must be safe to repeat: a failed SQLite transaction has been rolled back, so it is when
 * it is one transaction. Any other failure, and "busy" past the budget, is thrown as it came.
 */
export async function retryWhileBusy<T>(work: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { budgetMs, baseDelayMs = 20, maxDelayMs = 500, sleep = realSleep, now = Date.now } = options;
  const start = now();
  let lastError: unknown = null;
  for (let attempt = 0, tries = 0; ; attempt++) {
    const left = budgetMs - (now() - start);
    if (attempt > 0 && left <= 0) throw lastError ?? gate.lastError;
    if (gate.locked && gate.probe) {
      await Promise.race([gate.probe, sleep(Math.max(0, left))]);
      continue;
    }
    // Claim the probe before the first await, so writers woken together do not all try at once.
    let release = () => {};
    if (gate.locked) gate.probe = new Promise<void>((resolve) => (release = resolve));
    const claimed = gate.probe;
    try {
      const value = await work(tries++);
      gate.locked = false;
      return value;
    } catch (error) {
      if (databaseFailure(error) !== "busy") throw error;
      lastError = error;
      gate.lastError = error;
      gate.locked = true;
      const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(tries - 1, 10));
      const pause = Math.min(Math.max(0, budgetMs - (now() - start)), delay / 2 + Math.random() * (delay / 2));
      if (gate.probe) await sleep(pause);
      else {
        // The first to see the lock: nobody else tries before this pause is over.
        const held: Promise<void> = sleep(pause).then(() => {
          if (gate.probe === held) gate.probe = null;
        });
        gate.probe = held;
        await held;
      }
    } finally {
      if (claimed && gate.probe === claimed) gate.probe = null;
      release();
    }
  }
}
