import Database from "better-sqlite3";
import { expect, type Page, type Request as PlaywrightRequest, test } from "@playwright/test";
import { LessonPage } from "./pages/lesson-page";
import { screenshotBothThemes } from "./pages/screenshots";

// Every verdict, produced by real code in the real sandbox, with its own presentation.
type Case = {
  status: string;
  code: string;
  heading: RegExp;
  check?: (panel: ReturnType<LessonPage["exercise"]>) => Promise<void>;
};

const cases: Case[] = [
  {
    status: "passed",
    code: 'IO.puts("Hello, world!")',
    heading: /Passed/,
  },
  {
    status: "wrong_output",
    code: 'IO.puts("Hello world")\nIO.puts("extra  ")',
    heading: /Not quite/,
    check: async (ex) => {
      const diff = ex.result.getByRole("group", { name: /Differences/ });
      // Not solved yet: the expected line is masked, and the expected output is not shown.
      await expect(diff.locator('[data-kind="expected"]')).toContainText("a line of 13 characters is expected here");
      await expect(diff.locator('[data-kind="expected"]')).not.toContainText("Hello, world!");
      await expect(ex.result.getByTestId("expected")).toHaveCount(0);
      await expect(diff.locator('[data-kind="actual"]').first()).toContainText("Hello world");
      // Trailing whitespace is made visible (and named for screen readers).
      await expect(diff).toContainText("··");
      await expect(diff).toContainText("2 trailing spaces");
    },
  },
  {
    status: "compile_error",
    code: 'IO.puts("a")\nIO.puts("Hello, world!"',
    heading: /Compile error/,
    check: async (ex) => {
      await expect(ex.result).toContainText(/line 2/);
      // A marker in the editor at that line.
      await expect(ex.editor.locator(".squiggly-error").first()).toBeVisible();
    },
  },
  {
    status: "runtime_error",
    code: 'defmodule Greeter do\n  def hello(name), do: raise(ArgumentError, "no greeting for #{name}")\nend\n\nGreeter.hello("Ada")',
    heading: /Runtime error/,
    check: async (ex) => {
      await expect(ex.result).toContainText("no greeting for Ada");
      const frames = ex.result.getByRole("figure").filter({ hasText: "Where it happened" });
      await expect(frames).toContainText("main.exs:2: Greeter.hello/1");
      await expect(frames).not.toContainText("elixir_eval");
      await expect(ex.editor.locator(".squiggly-error").first()).toBeVisible();
    },
  },
  {
    status: "timeout",
    code: "defmodule Loop do\n  def forever(n), do: forever(n + 1)\nend\n\nLoop.forever(0)",
    heading: /Timed out/,
  },
  {
    status: "memory_limit",
    code: "list = Enum.to_list(1..50_000_000)\nIO.puts(length(list))",
    heading: /Out of memory/,
  },
  {
    status: "output_limit",
    code: 'Stream.repeatedly(fn -> IO.puts("flood") end) |> Stream.run()',
    heading: /Too much output/,
    check: async (ex) => {
      await expect(ex.result).toContainText("flood");
    },
  },
  {
    status: "crashed",
    code: 'IO.puts("before")\nSystem.halt(3)',
    heading: /Crashed/,
    check: async (ex) => {
      await expect(ex.result).toContainText("exit code 3");
    },
  },
];

for (const c of cases) {
  test(`${c.status}: its own presentation and explanation`, async ({ page }) => {
    const lesson = new LessonPage(page);
    await lesson.open("hello-elixir");
    const ex = lesson.exercise("hello-world");
    await ex.submit(c.code, c.status);
    await expect(ex.result.getByRole("heading", { level: 3 })).toHaveText(c.heading);
    // One sentence that explains it, also announced to screen readers.
    await expect(ex.result.locator("p").first()).toHaveText(/\S.*[.!]$/);
    await expect(ex.root.locator('[aria-live="polite"]').last()).toContainText(c.heading);
    await c.check?.(ex);
    await screenshotBothThemes(page, `outcome-${c.status}`, ex.root);
  });
}

test("process_limit: spawning a million processes is stopped", async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.open("hello-elixir");
  const ex = lesson.exercise("hello-world");
  await ex.submit("for _ <- 1..1_000_000, do: spawn(fn -> Process.sleep(:infinity) end)", "process_limit");
  await expect(ex.result.getByRole("heading", { level: 3 })).toHaveText(/Too many processes/);
});

test("while running: elapsed time, and Run cannot submit twice", async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.open("hello-elixir");
  const ex = lesson.exercise("hello-world");
  await ex.write("Process.sleep(1500)\nIO.puts(\"Hello, world!\")");
  await ex.run();
  const running = ex.root.getByRole("button", { name: /Running… \d+\.\d s/ });
  await expect(running).toBeVisible();
  await expect(running).toHaveAttribute("aria-disabled", "true");
  await running.click({ force: true });
  await page.keyboard.press("ControlOrMeta+Enter");
  await ex.expectStatus("passed");
  await expect(ex.attempts).toHaveText("1 attempt");
});

test("no layout shift when the result appears", async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.open("hello-elixir");
  const ex = lesson.exercise("hello-world");
  await ex.waitForMonaco();
  const next = lesson.exercise("hello-interpolation").root;
  const top = (locator: typeof next) => locator.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  const before = { run: await top(ex.runButton), next: await top(next) };
  await ex.submit('IO.puts("Hello, world!")', "passed");
  // The space for a short result is reserved, and the controls above it do not move.
  expect(await top(ex.runButton)).toBe(before.run);
  expect(await top(next)).toBe(before.next);
});

/** A run: a POST of the learner's code to /api/runs (a draft save is a server action to the page). */
function isRun(request: PlaywrightRequest): boolean {
  return request.method() === "POST" && new URL(request.url()).pathname === "/api/runs" && (request.postData() ?? "").includes("IO.puts");
}

/** Counts the page's runs. */
function countRuns(page: Page): () => number {
  let count = 0;
  page.on("request", (request) => {
    if (isRun(request)) count += 1;
  });
  return () => count;
}

function storedSubmissions(dbName: string): number {
  const db = new Database(`data/${dbName}.db`, { readonly: true });
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM Submission").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

test("busy: 'busy, retrying' with automatic retries, a Cancel button, and nothing stored", async ({ page }) => {
  // This server has no pooled containers and no queue: the sandbox itself answers every run "busy".
  const port = Number(process.env.E2E_BUSY_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 200);
  await page.goto(`http://127.0.0.1:${port}/lessons/hello-elixir`);
  const ex = new LessonPage(page).exercise("hello-world");
  await ex.write('IO.puts("Hello, world!")');
  await ex.draftSaved();
  const runs = countRuns(page);
  await ex.run();
  await expect(ex.result).toHaveAttribute("data-status", "busy");
  await expect(ex.result.getByRole("heading", { level: 3 })).toHaveText("Sandbox busy");
  const notice = ex.result.getByTestId("retry-notice");
  await expect(notice).toContainText(/Sandbox busy, retrying in \d+ s…/);
  await screenshotBothThemes(page, "outcome-busy", ex.root);
  // The UI retries by itself, after Retry-After (2 s) with backoff and jitter.
  await expect.poll(runs, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
  await expect(ex.attempts).toHaveText("0 attempts");

  await notice.getByRole("button", { name: "Cancel" }).click();
  await expect(notice).toBeHidden();
  await expect(ex.runButton).toHaveText(/Run$/);
  const afterCancel = runs();
  await page.waitForTimeout(4_000);
  expect(runs()).toBe(afterCancel);
  expect(storedSubmissions("e2e-busy")).toBe(0);
});

test("busy, then a verdict: the automatic retry succeeds and counts once", async ({ page }) => {
  let answered = 0;
  // Only the UI's retry logic is under test here: the first run goes to the server that answers
  // every run "busy" (the test above), the retry to this one.
  const busy = `http://127.0.0.1:${Number(process.env.E2E_BUSY_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 200)}`;
  const lesson = new LessonPage(page);
  await lesson.open("hello-elixir");
  const ex = lesson.exercise("hello-world");
  await ex.write('IO.puts("Hello, world!")');
  await ex.draftSaved();
  const runs = countRuns(page);
  await page.route("**/api/runs", async (route) => {
    if (!isRun(route.request()) || answered++ > 0) return route.continue();
    const url = new URL(route.request().url());
    const target = new URL(`${url.pathname}${url.search}`, busy);
    const response = await route.fetch({ url: target.href, headers: { ...route.request().headers(), origin: busy, host: target.host } });
    await route.fulfill({ response });
  });
  await ex.run();
  await expect(ex.result.getByTestId("retry-notice")).toContainText("Sandbox busy, retrying");
  await ex.expectStatus("passed");
  expect(runs()).toBe(2);
  await expect(ex.attempts).toHaveText("1 attempt");
});

test("a network failure is explained, and Retry sends the code again", async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.open("hello-elixir");
  const ex = lesson.exercise("hello-world");
  await ex.write('IO.puts("Hello, world!")');
  await page.route("**/api/runs", (route) => (isRun(route.request()) ? route.abort("connectionrefused") : route.continue()));
  await ex.run();
  await ex.expectStatus("error");
  await expect(ex.result).toContainText("Could not reach the server");
  await page.unroute("**/api/runs");
  await ex.result.getByRole("button", { name: "Retry" }).click();
  await ex.expectStatus("passed");
});

test("unavailable: explained, with a Retry button and no automatic retry", async ({ page }) => {
  const port = Number(process.env.E2E_UNAVAILABLE_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 100);
  await page.goto(`http://127.0.0.1:${port}/lessons/hello-elixir`);
  const ex = new LessonPage(page).exercise("hello-world");
  await ex.write('IO.puts("Hello, world!")');
  await ex.draftSaved();
  const runs = countRuns(page);
  await ex.run();
  await ex.expectStatus("unavailable");
  await expect(ex.result.getByRole("heading", { level: 3 })).toHaveText("Couldn't run your code");
  await expect(ex.result).toContainText("sandbox image");
  await expect(ex.attempts).toHaveText("0 attempts");
  await page.waitForTimeout(3_000);
  expect(runs()).toBe(1);
  await ex.result.getByRole("button", { name: "Retry" }).click();
  await expect.poll(runs).toBe(2);
  await ex.expectStatus("unavailable");
  expect(storedSubmissions("e2e-unavailable")).toBe(0);
  await screenshotBothThemes(page, "outcome-unavailable", ex.root);
});

test("tests_failed: each test's name, pass or fail, and message; the visible tests are shown", async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.open("basic-types");
  const ex = lesson.exercise("types-temperature");
  await ex.root.getByText("The tests your code must pass").click();
  await expect(ex.root.getByText('test "100 °C is 212 °F" do')).toBeVisible();
  await ex.submit(
    "defmodule Temperature do\n  def to_fahrenheit(celsius), do: celsius * 9 / 5 + 32\n  def freezing?(celsius), do: celsius < 0\nend",
    "tests_failed",
  );
  const tests = ex.result.getByTestId("test-result");
  await expect(tests.filter({ hasText: "100 °C is 212 °F" })).toHaveAttribute("data-passed", "true");
  const failed = tests.filter({ hasText: "0 °C is freezing" });
  await expect(failed).toHaveAttribute("data-passed", "false");
  await expect(failed).toContainText("failed");
  await expect(failed.locator("pre")).not.toBeEmpty();
  await screenshotBothThemes(page, "outcome-tests_failed", ex.root);
});
