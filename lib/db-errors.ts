// Recognises the database failures a learner should hear about as "try again" rather than as an
// internal error: the database locked by another writer for longer than the busy timeout, and a
// full disk. Prisma wraps driver errors differently depending on where they surface (a
// DriverAdapterError with the SQLite code, or an unknown-request error carrying its message), so
// this looks through the whole error chain for the SQLite code or its message.
export type DatabaseFailure = "busy" | "full";

const PATTERNS: { failure: DatabaseFailure; codes: string[]; messages: RegExp }[] = [
  { failure: "busy", codes: ["SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_RECOVERY"], messages: /database (table )?is locked|database is busy/i },
  { failure: "full", codes: ["SQLITE_FULL"], messages: /database or disk is full/i },
];

/** "busy" or "full" when `error` is one of those database failures, else null. */
export function databaseFailure(error: unknown): DatabaseFailure | null {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const record = current as { code?: unknown; originalCode?: unknown; message?: unknown; originalMessage?: unknown; cause?: unknown };
    const codes = [record.code, record.originalCode].filter((c): c is string => typeof c === "string");
    const messages = [record.message, record.originalMessage].filter((m): m is string => typeof m === "string");
    for (const pattern of PATTERNS) {
      if (codes.some((code) => pattern.codes.includes(code)) || messages.some((m) => pattern.messages.test(m))) return pattern.failure;
    }
    current = record.cause;
  }
  return null;
}

/** What the learner is told; their code stays in the editor either way. */
export function databaseFailureMessage(failure: DatabaseFailure): string {
  return failure === "busy"
    ? "The database is busy right now, so your run was not saved. Your code is still here; run it again in a moment."
    : "The server's disk is full, so your run was not saved. Your code is still here; please tell the site's operators and try again later.";
}
