// Recognises the database failures a learner should hear about as "try again" rather than as an
// internal error: the database locked (or in conflict) for longer than we wait, a full disk, and a
// database server that does not answer.
// Prisma wraps driver errors differently depending on where they surface. As seen with the real
// better-sqlite3 adapter: a locked database is a known-request error P1008 ("Operation has timed
// out") whose meta.driverAdapterError.cause carries originalCode SQLITE_BUSY; a full disk is a
// known-request error with code SQLITE_FULL; extended codes the adapter does not map (such as
// SQLITE_BUSY_SNAPSHOT) come through as the driver's own error, possibly as a cause. As seen with
// the real pg adapter (PostgreSQL 15): a lock timeout (55P03), statement timeout (57014) or
// deadlock (40P01) is a DriverAdapterError whose cause carries originalCode; a serialization
// failure is P2034 with cause kind TransactionWriteConflict (40001); raw queries wrap any of them
// as P2010 with meta.driverAdapterError; a refused connection is P1001 (kind DatabaseNotReachable),
// too many connections P2037 (53300), a connection killed mid-query 57P01. So this looks through
// the whole chain (cause, meta, driverAdapterError) for a known code, kind or message.
// Also owns the asynchronous retry of writes that met a locked database: submissions, drafts, hint
// reveals, solution views, sign-ins and their sessions all go through retryWhileBusy.
import { databaseKind } from "./database-url";
import { env } from "./env";

export type DatabaseFailure = "busy" | "full" | "unreachable";

const PATTERNS: { failure: DatabaseFailure; codes: string[]; messages: RegExp }[] = [
  {
    failure: "busy",
    codes: [
      "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_RECOVERY", "SQLITE_BUSY_TIMEOUT", "SQLITE_LOCKED_SHAREDCACHE",
      // PostgreSQL: serialization failure, deadlock, lock timeout, statement timeout; Prisma's write conflict.
      "40001", "40P01", "55P03", "57014", "P2034", "TransactionWriteConflict",
    ],
    messages: /database (table )?is locked|database is busy|canceling statement due to (lock|statement) timeout|deadlock detected|could not serialize access/i,
  },
  { failure: "full", codes: ["SQLITE_FULL", "53100"], messages: /database or disk is full|could not extend file|No space left on device/i },
  {
    failure: "unreachable",
    codes: [
      // Prisma: can't reach / timed out reaching the server, server closed the connection, too many connections.
      "P1001", "P1002", "P1017", "P2037", "DatabaseNotReachable", "ConnectionClosed", "TooManyConnections",
      // PostgreSQL: too many connections, shut down or restarting, connection exceptions.
      "53300", "57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006", "ECONNREFUSED", "ECONNRESET",
    ],
    messages: /Can't reach database server|Connection terminated|timeout exceeded when trying to connect|too many (database )?connections|terminating connection due to administrator command|the database system is (starting up|shutting down)/i,
  },
];

const NESTED = ["cause", "meta", "driverAdapterError"] as const;

/** "busy", "full" or "unreachable" when `error` is one of those database failures, else null. */
export function databaseFailure(error: unknown): DatabaseFailure | null {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.shift();
    if (!current || typeof current !== "object" || seen.has(current) || seen.size > 50) continue;
    seen.add(current);
    const record = current as Record<string, unknown>;
    const codes = [record.code, record.originalCode, record.kind].filter((c): c is string => typeof c === "string");
    const messages = [record.message, record.originalMessage].filter((m): m is string => typeof m === "string");
    for (const pattern of PATTERNS) {
      if (codes.some((code) => pattern.codes.includes(code)) || messages.some((m) => pattern.messages.test(m))) return pattern.failure;
    }
    for (const key of NESTED) pending.push(record[key]);
  }
  return null;
}

/** Prisma's unique-constraint violation (P2002), from either generated client. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** Prisma's foreign-key violation (P2003): a row pointing at a row that does not exist. */
export function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2003";
}

/** A few words for logs and the health report. */
export function databaseFailureReason(failure: DatabaseFailure): string {
  return failure === "busy" ? "locked" : failure === "full" ? "disk full" : "not answering";
}

/** What the learner is told; their code stays in the editor either way. */
export function databaseFailureMessage(failure: DatabaseFailure): string {
  switch (failure) {
    case "busy":
      return "The database is busy right now, so your run was not saved. Your code is still here; run it again in a moment.";
    case "full":
      return "The server's disk is full, so your run was not saved. Your code is still here; please tell the site's operators and try again later.";
    case "unreachable":
      return "The database does not answer right now, so your run was not saved. Your code is still here; run it again in a moment.";
  }
}

/**
 * What a learner or admin is told when a write other than a run met `failure` past its retries:
 * `outcome` says what did not happen ("the hint was not revealed"). Nothing was changed.
 */
export function databaseFailureNotice(failure: DatabaseFailure, outcome: string): string {
  switch (failure) {
    case "busy":
      return `The database is busy right now, so ${outcome}. Try again in a moment.`;
    case "full":
      return `The server's disk is full, so ${outcome}. Please tell the site's operators and try again later.`;
    case "unreachable":
      return `The database does not answer right now, so ${outcome}. Try again in a moment.`;
  }
}

export interface RetryOptions {
  /**
   * Total time to keep retrying after the first failure; then the last error is thrown.
   * Default: DATABASE_BUSY_RETRY_MS, the budget of every write a person waits for.
   */
  budgetMs?: number;
  /** First pause; it doubles up to maxDelayMs, with jitter so waiting writers do not move in step. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /**
   * Whether writers take turns finding out if the lock is gone (below). Default: on SQLite, where
   * the lock covers the whole file; off on PostgreSQL, where locks are per row and one writer's
   * conflict says nothing about the others'.
   */
  shared?: boolean;
}

const SHARED_LOCK = databaseKind(env.DATABASE_URL) === "sqlite";

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// Shared by every write of the process. A locked database makes each attempt block the event loop
// for the driver's busy timeout; with thirty writers retrying on their own that would add up to
// a frozen site. So once a write has seen the lock, one attempt at a time finds out whether it is
// gone (the probe, followed by its pause), and the others wait for it instead of trying as well.
const gate: { locked: boolean; probe: Promise<void> | null; lastError: unknown } = { locked: false, probe: null, lastError: null };

/**
 * Runs `work` and, while it fails because the database is locked, runs it again after a pause,
 * asynchronously (the event loop serves other requests meanwhile), until `budgetMs` has passed.
 * `work` must be safe to repeat: a failed SQLite or PostgreSQL transaction has been rolled back, so
 * it is when it is one transaction. Any other failure, and "busy" past the budget, is thrown as it came.
 */
export async function retryWhileBusy<T>(work: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { budgetMs = env.DATABASE_BUSY_RETRY_MS, baseDelayMs = 20, maxDelayMs = 500, sleep = realSleep, now = Date.now, shared = SHARED_LOCK } = options;
  const start = now();
  if (!shared) {
    for (let tries = 0; ; ) {
      try {
        return await work(tries++);
      } catch (error) {
        const left = budgetMs - (now() - start);
        if (databaseFailure(error) !== "busy" || left <= 0) throw error;
        const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(tries - 1, 10));
        await sleep(Math.min(left, delay / 2 + Math.random() * (delay / 2)));
      }
    }
  }
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
