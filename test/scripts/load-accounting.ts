// The load test's bookkeeping, kept apart from the traffic so it can be tested on its own: what
// each answer of POST /api/runs means, and whether the database holds exactly the submissions the
// site accepted (every 200's submissionId once, nothing else for the test's learners), in the
// SQLite file or the PostgreSQL database the site writes to.
import Database from "better-sqlite3";
import pg from "pg";
import { isPostgresUrl } from "@/lib/database-url";

export type RunAnswer =
  | { kind: "verdict"; submissionId: string; status: string }
  | { kind: "busy" | "unavailable" | "rate_limited"; retryAfterMs: number }
  | { kind: "invalid" | "forbidden" }
  | { kind: "error"; reason: string };

/** Reads one POST /api/runs answer per the contract; anything else is an error of the site. */
export function classifyRunAnswer(status: number, body: string, retryAfterHeader?: string): RunAnswer {
  let json: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
  } catch {
    json = null;
  }
  const kind = json?.kind;
  const retryAfterMs =
    typeof json?.retryAfterMs === "number" ? json.retryAfterMs : retryAfterHeader && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) * 1000 : 2_000;
  if (status === 200 && kind === "verdict" && typeof json?.submissionId === "string" && json.submissionId.length > 0) {
    const verdict = json.verdict as { status?: unknown } | undefined;
    return { kind: "verdict", submissionId: json.submissionId, status: typeof verdict?.status === "string" ? verdict.status : "?" };
  }
  if (status === 503 && (kind === "busy" || kind === "unavailable")) return { kind, retryAfterMs };
  if (status === 429 && kind === "rate_limited") return { kind, retryAfterMs };
  if ((status === 400 || status === 413 || status === 415) && kind === "invalid") return { kind };
  if (status === 403 && kind === "forbidden") return { kind };
  return { kind: "error", reason: `${status} ${typeof kind === "string" ? kind : "non-contract body"}` };
}

export interface StoredRow {
  id: string;
  learnerId: string;
}

const CHUNK = 500;

/** Submissions of the given learners in a SQLite file (a path) or a PostgreSQL database (by URL). */
export async function storedSubmissions(database: string, learnerIds: Iterable<string>): Promise<StoredRow[]> {
  const ids = [...new Set(learnerIds)];
  return isPostgresUrl(database) ? storedInPostgres(database, ids) : storedInSqlite(database, ids);
}

/** Read-only connection (WAL: never waits for the site's writer). */
function storedInSqlite(dbFile: string, ids: string[]): StoredRow[] {
  const connection = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const rows: StoredRow[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const statement = connection.prepare(`SELECT id, learnerId FROM Submission WHERE learnerId IN (${chunk.map(() => "?").join(",")})`);
      rows.push(...(statement.all(...chunk) as StoredRow[]));
    }
    return rows;
  } finally {
    connection.close();
  }
}

/** One client, one read-only transaction, so every chunk sees the same snapshot. */
async function storedInPostgres(url: string, ids: string[]): Promise<StoredRow[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, statement_timeout: 60_000 });
  await client.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const rows: StoredRow[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const result = await client.query<StoredRow>(`SELECT "id", "learnerId" FROM "Submission" WHERE "learnerId" = ANY($1::text[])`, [ids.slice(i, i + CHUNK)]);
      rows.push(...result.rows);
    }
    await client.query("COMMIT");
    return rows;
  } finally {
    await client.end();
  }
}

export interface Reconciliation {
  accepted: number;
  stored: number;
  /** Accepted (a 200 with this id) but not in the database. */
  missing: string[];
  /** In the database for a test learner but never accepted: a run stored twice, or a refused run stored. */
  extra: string[];
  /** The same submissionId answered more than once, or stored more than once. */
  duplicates: string[];
  ok: boolean;
}

/** Accepted submissions must equal stored submissions, each exactly once. */
export function reconcile(acceptedIds: readonly string[], stored: readonly StoredRow[]): Reconciliation {
  const duplicates = new Set<string>();
  const accepted = new Set<string>();
  for (const id of acceptedIds) (accepted.has(id) ? duplicates : accepted).add(id);
  const storedIds = new Set<string>();
  for (const row of stored) (storedIds.has(row.id) ? duplicates : storedIds).add(row.id);
  const missing = [...accepted].filter((id) => !storedIds.has(id));
  const extra = [...storedIds].filter((id) => !accepted.has(id));
  return {
    accepted: acceptedIds.length,
    stored: stored.length,
    missing,
    extra,
    duplicates: [...duplicates],
    ok: missing.length === 0 && extra.length === 0 && duplicates.size === 0,
  };
}

/** The p-th percentile (0-100) by nearest rank, rounded to whole milliseconds; null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return Math.round(sorted[rank - 1] ?? 0);
}
