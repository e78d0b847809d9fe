// `npm run bench:page`: click-to-verdict in the page, measured in Debian's Chromium on the built
// site. It serves the production build (`next build` first) on its own port and database with
// e2e/serve.sh, unless BENCH_URL points at a running site. Three exercises on the first lesson:
// a passing output run, a failing tests run and a compile error, BENCH_RUNS each (default 20),
// after one run of a fresh browser session (new context: no cookie, cold page) is timed on its
// own. A run is timed in the page: from the Run button's click event to the frame after the
// result panel shows the verdict. Between runs the bench waits for the sandbox pool to be full
// again (GET /api/health), so each run meets a quiet machine. The last stdout line is one JSON
// object: medians and p90s in milliseconds.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";

const runs = Number(process.env.BENCH_RUNS ?? 20);
const port = Number(process.env.BENCH_PORT ?? 3950);
const root = path.resolve(import.meta.dirname, "../..");

type Case = { name: string; slug: string; exercise: string; code: string; status: string };

const CASES: Case[] = [
  { name: "output_passed", slug: "hello-elixir", exercise: "hello-world", code: 'IO.puts("Hello, world!")', status: "passed" },
  {
    name: "tests_failed",
    slug: "functions",
    exercise: "fn-area",
    code: "defmodule Shape do\n  def area({:square, side}), do: side * side\n  def area(_shape), do: nil\nend",
    status: "tests_failed",
  },
  { name: "compile_error", slug: "hello-elixir", exercise: "hello-arithmetic", code: "slices = 3 * 8\nIO.puts(div(slices, 7)", status: "compile_error" },
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[index] ?? Number.NaN);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Until every pooled container is booted and idle, so a run never waits for a boot. */
async function poolSettled(base: string): Promise<void> {
  await waitFor(
    async () => {
      const report = (await (await fetch(`${base}/api/health`)).json()) as { pool?: { size?: number; ready?: number; booting?: number; removing?: number } };
      const pool = report.pool ?? {};
      return pool.size !== undefined && pool.ready === pool.size && pool.booting === 0 && pool.removing === 0;
    },
    60_000,
    "the sandbox pool to settle",
  );
  // Container boots and removals use the CPU the run needs; let the machine go quiet.
  await new Promise((resolve) => setTimeout(resolve, 300));
}

async function startServer(): Promise<{ base: string; server: ChildProcess | null }> {
  if (process.env.BENCH_URL) return { base: process.env.BENCH_URL.replace(/\/$/, ""), server: null };
  const server = spawn("bash", ["e2e/serve.sh", String(port), "bench-page"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
    env: {
      ...process.env,
      // The bench runs far more often than a learner may; the limits are not what it measures.
      RATE_RUNS_LEARNER_BURST: "1000",
      RATE_RUNS_ADDRESS_BURST: "1000",
      RATE_DRAFTS_LEARNER_BURST: "1000",
      RATE_DRAFTS_ADDRESS_BURST: "1000",
    },
  });
  const base = `http://127.0.0.1:${port}`;
  // Before it listens, the server's set-up proves every exercise that content-checked.json does
  // not know for this sandbox image: the whole course after the harness changed (minutes).
  console.log(`waiting for the site on ${base} (a new sandbox image means proving the whole course first)`);
  await waitFor(async () => (await fetch(`${base}/api/health`)).ok, 30 * 60_000, `the site on ${base}`);
  return { base, server };
}

function describe(t: Timing): string {
  return `click to request ${Math.round(t.toRequest)} ms, request ${Math.round(t.request)} ms, response to verdict shown ${Math.round(t.toRender)} ms, ${t.bytes} bytes`;
}

async function stopServer(server: ChildProcess | null): Promise<void> {
  if (!server?.pid || server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  process.kill(-server.pid, "SIGTERM");
  await exited;
}

/** Types the code into the exercise's editor (Monaco on a desktop viewport). */
async function write(page: Page, exercise: string, code: string): Promise<void> {
  const root = page.locator(`[data-exercise-id="${exercise}"]`);
  const editor = root.getByTestId("code-editor");
  await waitFor(async () => (await editor.getAttribute("data-editor")) === "monaco", 30_000, "Monaco");
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(code);
  await waitFor(async () => (await root.locator('[name="code"]').inputValue()) === code, 10_000, "the code in the editor");
}

// Runs in the page, as text: tsx would wrap named functions in a helper the page does not have.
// Resolves with the milliseconds from the Run button's click event to the frame after the result
// panel shows the expected verdict, no longer pending.
const MEASURE = `(element, expected) => new Promise((resolve, reject) => {
  // The buffer holds 250 entries; a cold page with Monaco fills it before the run.
  performance.clearResourceTimings();
  const button = [...element.querySelectorAll("button")].find((b) => (b.textContent || "").trim().endsWith("Run"));
  if (!button) return reject(new Error("no Run button"));
  const result = () => element.querySelector('[data-testid="result"]');
  let clickedAt = 0;
  // A first run has no result panel yet; a later one dims the previous verdict while pending.
  let seenPending = false;
  button.addEventListener("click", () => {
    clickedAt = performance.now();
    seenPending = !result();
  }, { capture: true, once: true });
  const timer = setTimeout(() => reject(new Error("no verdict in 30 s")), 30000);
  const observer = new MutationObserver(() => {
    const shown = result();
    if (shown && shown.getAttribute("data-pending") === "true") seenPending = true;
    if (!clickedAt || !seenPending || !shown || shown.getAttribute("data-status") !== expected || shown.getAttribute("data-pending") === "true") return;
    observer.disconnect();
    clearTimeout(timer);
    const shownAt = performance.now();
    requestAnimationFrame(() => {
      const total = performance.now() - clickedAt;
      // The fetch's resource entry is queued once its body is read, which can be after the verdict
      // has rendered: wait for it a little (it does not change the total, taken above).
      const started = performance.now();
      const split = () => {
        // Run posts to /api/runs (other fetches, such as Monaco's docs or a draft save, go elsewhere).
        const runs = new URL("/api/runs", location.href).href;
        const fetches = performance.getEntriesByType("resource").filter((e) => (e.initiatorType === "fetch" || e.initiatorType === "other") && e.name === runs && e.startTime >= clickedAt - 1);
        const call = fetches[fetches.length - 1];
        if (!call && performance.now() - started < 1000) return setTimeout(split, 20);
        resolve({
          total,
          toRequest: call ? call.startTime - clickedAt : -1,
          request: call ? call.responseEnd - call.startTime : -1,
          toRender: call ? shownAt - call.responseEnd : -1,
          bytes: call ? call.encodedBodySize : -1,
        });
      };
      split();
    });
  });
  observer.observe(element, { subtree: true, attributes: true, childList: true, characterData: true });
})`;

type Timing = { total: number; toRequest: number; request: number; toRender: number; bytes: number };

async function timedRun(page: Page, exercise: string, status: string): Promise<Timing> {
  const root = page.locator(`[data-exercise-id="${exercise}"]`);
  const handle = await root.elementHandle();
  if (!handle) throw new Error(`no exercise ${exercise}`);
  const measuring = page.evaluate(([measure, element, expected]) => (0, eval)(measure as string)(element, expected) as Promise<Timing>, [MEASURE, handle, status] as const);
  // Let the observer attach before the click.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  await root.getByRole("button", { name: "Run", exact: true }).click();
  return measuring;
}

async function main(): Promise<void> {
  const { base, server } = await startServer();
  const result: Record<string, number> = {};
  const browser = await chromium
    .launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    })
    .catch(async (error: unknown) => {
      await stopServer(server);
      throw error;
    });
  try {
    // A fresh session: no cookie yet, the page loaded cold, the first run of this browser.
    {
      await poolSettled(base);
      const context = await browser.newContext({ baseURL: base });
      const page = await context.newPage();
      await page.goto("/lessons/hello-elixir");
      await write(page, "hello-world", CASES[0]!.code);
      const timing = await timedRun(page, "hello-world", "passed");
      console.log(`first run of a fresh session: ${Math.round(timing.total)} ms (${describe(timing)})`);
      result.first_run_ms = Math.round(timing.total);
      await context.close();
    }
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    for (const c of CASES) {
      await page.goto(`/lessons/${c.slug}`);
      await write(page, c.exercise, c.code);
      const samples: number[] = [];
      const parts: Timing[] = [];
      for (let i = 0; i < runs; i++) {
        await poolSettled(base);
        const timing = await timedRun(page, c.exercise, c.status);
        console.log(`${c.name} ${i + 1}/${runs}: ${Math.round(timing.total)} ms (${describe(timing)})`);
        samples.push(timing.total);
        parts.push(timing);
      }
      const mid = (key: keyof Timing) => percentile(parts.map((p) => p[key]), 50);
      console.log(`${c.name}: medians of the parts: ${describe({ total: mid("total"), toRequest: mid("toRequest"), request: mid("request"), toRender: mid("toRender"), bytes: mid("bytes") })}`);
      const median = percentile(samples, 50);
      const p90 = percentile(samples, 90);
      console.log(`${c.name}: median ${median} ms, p90 ${p90} ms, min ${percentile(samples, 0)} ms, max ${percentile(samples, 100)} ms (n=${samples.length})`);
      result[`${c.name}_median_ms`] = median;
      result[`${c.name}_p90_ms`] = p90;
    }
    await context.close();
  } finally {
    await browser.close();
    await stopServer(server);
  }
  console.log(JSON.stringify({ runs, ...result }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
