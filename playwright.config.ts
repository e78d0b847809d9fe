import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
/** A second server whose sandbox image does not exist, for the "unavailable" outcome (default E2E_PORT + 100); it also trusts one reverse proxy (TRUST_PROXY=1). */
const unavailablePort = Number(process.env.E2E_UNAVAILABLE_PORT ?? port + 100);
/** A third server whose admission takes no run and queues none, so every run is answered "busy" (default E2E_PORT + 200). */
const busyPort = Number(process.env.E2E_BUSY_PORT ?? port + 200);

// Debian's Chromium: Playwright's own browser download cannot work on these machines. The flags
// keep Chromium from reaching for the network on its own.
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]] : "list",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: [
    server(port),
    // Also stands behind a (pretend) trusted reverse proxy: e2e/security.spec.ts checks HTTPS headers there.
    server(unavailablePort, "e2e-unavailable", { SANDBOX_IMAGE: "elixir-lessons-sandbox:missing-for-e2e", TRUST_PROXY: "1" }),
    server(busyPort, "e2e-busy", { SANDBOX_POOL_SIZE: "0", RUNS_MAX_IN_FLIGHT: "0", RUNS_QUEUE_LIMIT: "0" }),
  ],
});

/** One built site on its own port and fresh database (e2e/serve.sh), with extra environment. */
function server(serverPort: number, database?: string, env?: Record<string, string>) {
  return {
    command: `bash e2e/serve.sh ${serverPort}${database ? ` ${database}` : ""}`,
    url: `http://127.0.0.1:${serverPort}`,
    env,
    timeout: 120_000,
    reuseExistingServer: false,
    // SIGTERM, not Playwright's default SIGKILL: the server drains and removes its containers.
    gracefulShutdown: { signal: "SIGTERM" as const, timeout: 15_000 },
    stdout: "pipe" as const,
    stderr: "pipe" as const,
  };
}
