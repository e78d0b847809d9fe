// The Prisma driver adapter for PostgreSQL (node-postgres), shared by the CLI (prisma.config.ts)
// and the app (lib/db.ts). One fix on top of @prisma/adapter-pg 6.19: it cannot read columns of
// the catalog types `name` and `"char"` ("Column type 'name' could not be deserialized",
// a known Prisma bug), which breaks `prisma migrate` itself, because the schema engine reads the
// system catalogs. node-postgres already hands those values over as strings, so the client used
// here reports them as text.
import pg from "pg";

const AS_TEXT: Record<number, number> = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };

function asText<T>(result: T): T {
  for (const r of Array.isArray(result) ? result : [result]) {
    const fields = (r as { fields?: { dataTypeID: number }[] } | null)?.fields;
    for (const field of fields ?? []) {
      const text = AS_TEXT[field.dataTypeID];
      if (text !== undefined) field.dataTypeID = text;
    }
  }
  return result;
}

type AnyQuery = (...args: unknown[]) => unknown;

/** A node-postgres client whose results report `name` and `"char"` columns as text. */
class CatalogTextClient extends pg.Client {
  // pg's query() has a dozen overloads; this keeps every calling form (promise and callback).
  override query(...args: unknown[]): never {
    const query = super.query.bind(this) as AnyQuery;
    const last = args.at(-1);
    if (typeof last === "function") {
      const callback = last as (error: unknown, result: unknown) => void;
      return query(...args.slice(0, -1), (error: unknown, result: unknown) => callback(error, error ? result : asText(result))) as never;
    }
    const out = query(...args);
    return (out instanceof Promise ? out.then(asText) : out) as never;
  }
}

export interface PostgresAdapterOptions {
  /** Connections kept open by this process. */
  poolSize?: number;
  /** How long one statement may run, and wait for a lock, before PostgreSQL cancels it (ms). */
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
  /** How long opening a connection may take before the query fails (ms). */
  connectTimeoutMs?: number;
}

export function postgresPoolConfig(connectionString: string, options: PostgresAdapterOptions = {}): pg.PoolConfig {
  return {
    connectionString,
    Client: CatalogTextClient,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    ...(options.lockTimeoutMs ? { lock_timeout: options.lockTimeoutMs } : {}),
    // A transaction left open by a crashed request must not hold its locks forever.
    idle_in_transaction_session_timeout: 60_000,
  };
}
