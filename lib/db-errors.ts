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

/**
 * Runs `work` and, while it fails because the database is locked, runs it again after a pause,
 * asynchronously (the event loop serves other requests meanwhile), until `budgetMs` has passed.
 * `work` must be safe to repeat: a failed SQLite transaction has been rolled back, so it is when
 * it is one transaction. Any other failure, and "busy" past the budget, is thrown as it came.
 */
export async function retryWhileBusy<T>(work: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { budgetMs, baseDelayMs = 20, maxDelayMs = 500, sleep = realSleep, now = Date.now } = options;
  const start = now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (databaseFailure(error) !== "busy") throw error;
      const left = budgetMs - (now() - start);
      if (left <= 0) throw error;
      const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(attempt, 10));
      await sleep(Math.min(left, delay / 2 + Math.random() * (delay / 2)));
    }
  }
}
