import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = { "@": fileURLToPath(new URL("./", import.meta.url)) };

// Three projects: fast unit tests; integration tests that drive the real Docker engine and a
// real SQLite database; and integration-pg, the database-touching integration tests that need no
// Docker engine, again against a fresh PostgreSQL database (scripts/ensure-postgres.sh starts the
// server; TEST_POSTGRES_URL picks another). `server-only` throws outside a React server build, so
// tests stub it.
const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:55432/elixir_test_pg";
const POSTGRES_FILES = [
  "lib/db-backup.integration.test.ts",
  "lib/db-migrations.integration.test.ts",
  "lib/db-errors.integration.test.ts",
  "lib/admin/stats/stats.integration.test.ts",
  "lib/admin/auth.integration.test.ts",
  "lib/admin/endpoints.integration.test.ts",
  "lib/admin/manage.integration.test.ts",
  "lib/auth/accounts.integration.test.ts",
  "lib/exercises/learner-work.integration.test.ts",
  "lib/exercises/record-submission.integration.test.ts",
  "lib/locked-writes.integration.test.ts",
  "lib/lessons/sync.integration.test.ts",
  "lib/security/actions.integration.test.ts",
  "scripts/admin-create.integration.test.ts",
];
export default defineConfig({
  resolve: { alias: { ...alias, "server-only": fileURLToPath(new URL("./test/server-only-stub.ts", import.meta.url)) } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["{lib,components,app,scripts,test}/**/*.test.{ts,tsx}"], exclude: ["**/*.integration.test.ts", "node_modules/**"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{lib,scripts,test}/**/*.integration.test.ts"],
          environment: "node",
          globalSetup: ["test/database-global-setup.ts", "test/integration-global-setup.ts"],
          env: { DATABASE_URL: "file:./data/test.db" },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: "integration-pg",
          include: POSTGRES_FILES,
          environment: "node",
          globalSetup: ["test/database-global-setup.ts"],
          env: { DATABASE_URL: TEST_POSTGRES_URL },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
