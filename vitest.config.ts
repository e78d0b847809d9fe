import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = { "@": fileURLToPath(new URL("./", import.meta.url)) };

// Two projects: fast unit tests, and integration tests that drive the real Docker engine and a
// real SQLite database. `server-only` throws outside a React server build, so tests stub it.
export default defineConfig({
  resolve: { alias: { ...alias, "server-only": fileURLToPath(new URL("./lib/testing/server-only-stub.ts", import.meta.url)) } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["{lib,components,app,scripts}/**/*.test.{ts,tsx}"], exclude: ["**/*.integration.test.ts", "node_modules/**"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{lib,scripts}/**/*.integration.test.ts"],
          environment: "node",
          globalSetup: ["lib/testing/database-global-setup.ts", "lib/testing/integration-global-setup.ts"],
          env: { DATABASE_URL: "file:./data/test.db" },
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
