// databaseFailure against the errors the real pg adapter throws (integration-pg project only):
// a server that refuses connections, a connection killed mid-query, a deadlock, and the disk-full
// SQLSTATE raised by the server (filling a real disk is no test for a shared machine).
import net from "node:net";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { databaseKind } from "@/lib/database-url";
import { db } from "@/lib/db";
import { databaseFailure } from "@/lib/db-errors";
import { env } from "@/lib/env";
import { PrismaClient as PostgresClient } from "@/lib/generated/prisma-pg/client";
import { postgresPoolConfig } from "@/lib/postgres-adapter";

const onPostgres = databaseKind(env.DATABASE_URL) === "postgres";

/** A loopback port nobody listens on (taken and released again). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const failureOf = (work: Promise<unknown>) => work.then(() => "no error", (error: unknown) => databaseFailure(error));

describe.runIf(onPostgres)("databaseFailure with the real PostgreSQL server", () => {
  it("calls a server that refuses connections unreachable", async () => {
    const client = new PostgresClient({ adapter: new PrismaPg(postgresPoolConfig(`postgresql://postgres@127.0.0.1:${await closedPort()}/nothing`)) });
    try {
      expect(await failureOf(client.learner.count())).toBe("unreachable");
    } finally {
      await client.$disconnect();
    }
  });

  it("calls a connection killed mid-query unreachable, and the next query works", async () => {
    const admin = new pg.Client({ connectionString: env.DATABASE_URL });
    await admin.connect();
    try {
      const marker = `pgh_kill_${Date.now()}`;
      const query = failureOf(db.$queryRawUnsafe(`SELECT pg_sleep(10), '${marker}'`));
      for (let killed = 0; killed === 0; ) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const result = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid()", [`%${marker}'%`]);
        killed = result.rowCount ?? 0;
      }
      expect(await query).toBe("unreachable");
      expect(await db.lesson.count()).toBeGreaterThanOrEqual(0);
    } finally {
      await admin.end();
    }
  });

  it("calls a deadlock busy (it is retried), and a full disk full", async () => {
    for (const id of ["pgh-dead-1", "pgh-dead-2"]) await db.learner.upsert({ where: { id }, create: { id }, update: {} });
    const other = new pg.Client({ connectionString: env.DATABASE_URL });
    await other.connect();
    try {
      await other.query("SET deadlock_timeout = 100");
      const outcome = failureOf(
        db.$transaction(async (tx) => {
          await tx.learner.update({ where: { id: "pgh-dead-1" }, data: { username: null } });
          await other.query("BEGIN");
          await other.query(`UPDATE "Learner" SET "username" = NULL WHERE "id" = 'pgh-dead-2'`);
          const theirs = other.query(`UPDATE "Learner" SET "username" = NULL WHERE "id" = 'pgh-dead-1'`).catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 200));
          await tx.learner.update({ where: { id: "pgh-dead-2" }, data: { username: null } });
          await theirs;
        }, { timeout: 20_000 }),
      );
      const failure = await outcome;
      await other.query("ROLLBACK").catch(() => undefined);
      // The other side checks for a deadlock 100 ms into its wait, before ours waits; ours checks
      // after its own deadlock_timeout (1 s; its lock timeout, also "busy", is as long) and is the one cancelled.
      expect(failure).toBe("busy");
    } finally {
      await other.end();
    }
    expect(await failureOf(db.$executeRawUnsafe(`DO $$ BEGIN RAISE EXCEPTION 'could not extend file' USING ERRCODE = '53100'; END $$`))).toBe("full");
  });
});
