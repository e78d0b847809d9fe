// The admin dashboard end to end: strangers and learners are refused on every admin URL (read
// from the app/admin tree), an admin signs in, sees the figures of a data set seeded here,
// filters, exports CSV, opens a submission and signs out.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, type Page, test } from "@playwright/test";

const USERNAME = process.env.E2E_ADMIN_USERNAME ?? "e2e-admin";
const PASSWORD = process.env.E2E_ADMIN_PASSWORD ?? "Dashboard-Key-2026!";
const DB_FILE = path.resolve("data/e2e.db");

// Seeded in January 2026, so the runs the other specs make today stay outside the date filter.
// hello-world: A compile_error, A passed, B wrong_output, B passed, C wrong_output; hello-interpolation: A passed.
// => 6 attempts, 3 passes (50.0%), 3 learners; one busy run on 01-11 is not counted.
const SUBMISSIONS: [id: string, learner: string, exercise: string, at: string, verdict: string, stdout: string, message: string | null][] = [
  ["e2e-sub-1", "e2e-learner-a", "hello-world", "2026-01-10T09:00:00.000+00:00", "compile_error", "", 'error: undefined variable "hello"'],
  ["e2e-sub-2", "e2e-learner-a", "hello-world", "2026-01-10T09:05:00.000+00:00", "passed", "Hello, world!\n", null],
  ["e2e-sub-3", "e2e-learner-b", "hello-world", "2026-01-10T19:00:00.000+00:00", "wrong_output", "Hello world\n", null],
  ["e2e-sub-4", "e2e-learner-b", "hello-world", "2026-01-10T19:02:00.000+00:00", "passed", "Hello, world!\n", null],
  ["e2e-sub-5", "e2e-learner-c", "hello-world", "2026-01-11T10:00:00.000+00:00", "wrong_output", "Hello  world\n", null],
  ["e2e-sub-6", "e2e-learner-a", "hello-interpolation", "2026-01-11T11:00:00.000+00:00", "passed", "ok\n", null],
  ["e2e-sub-7", "e2e-learner-c", "hello-interpolation", "2026-01-11T11:30:00.000+00:00", "busy", "", "Too many runs at once"],
];

test.beforeAll(() => {
  const db = new Database(DB_FILE);
  try {
    const learner = db.prepare("INSERT OR IGNORE INTO Learner (id, createdAt) VALUES (?, ?)");
    const submission = db.prepare(
      `INSERT OR IGNORE INTO Submission (id, exerciseId, learnerId, code, outcome, verdict, passed, stdout, stderr, message, durationMs, createdAt, truncated)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, 12, ?, 0)`,
    );
    db.transaction(() => {
      for (const id of ["e2e-learner-a", "e2e-learner-b", "e2e-learner-c"]) learner.run(id, "2026-01-10T08:00:00.000+00:00");
      for (const [id, learnerId, exerciseId, at, verdict, stdout, message] of SUBMISSIONS) {
        const outcome = verdict === "passed" || verdict === "wrong_output" ? "ok" : verdict;
        submission.run(id, exerciseId, learnerId, `# ${id}\nIO.puts("Hello world")`, outcome, verdict, verdict === "passed" ? 1 : 0, stdout, message, at);
      }
    })();
  } finally {
    db.close();
  }
});

/** Every admin URL in app/admin, with sample values for dynamic segments. */
function adminUrls(): { pages: string[]; routes: string[] } {
  const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
  const samples: Record<string, string> = { "[id]": "e2e-sub-1", "[table]": "exercises" };
  const toUrl = (file: string) =>
    "/" +
    path.relative("app", path.dirname(file)).split(path.sep).filter((s) => !/^\(.*\)$/.test(s)).map((s) => {
      if (!/^\[.*\]$/.test(s)) return s;
      const sample = samples[s];
      if (!sample) throw new Error(`admin.spec.ts has no sample value for the segment ${s} in ${file}`);
      return sample;
    }).join("/");
  const files = walk(path.resolve("app/admin")).map((f) => path.relative(process.cwd(), f));
  return {
    pages: files.filter((f) => /\/page\.tsx?$/.test(f)).map(toUrl).filter((u) => u !== "/admin/sign-in"),
    routes: files.filter((f) => /\/route\.tsx?$/.test(f)).map(toUrl),
  };
}

async function expectRefused(page: Page): Promise<void> {
  const { pages, routes } = adminUrls();
  expect(pages.length).toBeGreaterThanOrEqual(6);
  for (const url of pages) {
    await page.goto(url);
    await expect(page, url).toHaveURL(/\/admin\/sign-in$/);
    await expect(page.getByRole("heading", { name: "Admin sign-in" })).toBeVisible();
  }
  for (const url of routes) {
    const response = await page.request.get(url, { maxRedirects: 0 });
    expect(response.status(), url).toBe(404);
    expect(await response.text()).not.toContain("hello-world");
  }
}

async function signIn(page: Page, password = PASSWORD): Promise<void> {
  await page.goto("/admin/sign-in");
  await page.getByLabel("Username", { exact: true }).fill(USERNAME);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an anonymous visitor gets nothing from any admin URL", async ({ page }) => {
  await expectRefused(page);
});

test("a learner gets nothing either, also with a forged admin cookie", async ({ page, context }) => {
  await page.goto("/");
  expect((await context.cookies()).some((c) => c.name === "learner")).toBe(true);
  await expectRefused(page);
  await context.addCookies([{ name: "admin_session", value: "A".repeat(43), domain: "127.0.0.1", path: "/admin" }]);
  await expectRefused(page);
});

test("an admin signs in, reads the figures, filters, exports, opens a submission and signs out", async ({ page, context }) => {
  await signIn(page, "Not-The-Password-1");
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong username or password.");

  await signIn(page);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByTestId("admin-name")).toHaveText(USERNAME);
  const cookie = (await context.cookies()).find((c) => c.name === "admin_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/admin" });

  // Filter the overview to the seeded days with the form.
  await page.getByLabel("From", { exact: true }).fill("2026-01-10");
  await page.getByLabel("To", { exact: true }).fill("2026-01-11");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/from=2026-01-10&to=2026-01-11/);
  await expect(page.getByTestId("figure-attempts-value")).toHaveText("6");
  await expect(page.getByTestId("figure-pass-rate-value")).toHaveText("50.0%");
  await expect(page.getByTestId("figure-learners-value")).toHaveText("3");
  await expect(page.getByTestId("figure-attempts")).toContainText("1 busy/unavailable not counted");
  await expect(page.getByTestId("chart").first()).toBeVisible();
  await expect(page.getByTestId("table-daily").getByRole("row", { name: /2026-01-10/ })).toContainText("4");

  // Export the daily table: the CSV carries the same numbers.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("table-daily").getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toBe("elixir-lessons-daily-2026-01-10_to_2026-01-11.csv");
  const csv = fs.readFileSync((await download.path())!, "utf8");
  expect(csv).toBe("Day (UTC),Attempts,Passes,Pass rate %,Learners\r\n2026-01-10,4,2,50,2\r\n2026-01-11,2,1,50,2\r\n");

  // The date range travels to the other views.
  await page.getByRole("link", { name: "Lessons & exercises" }).click();
  await expect(page).toHaveURL(/\/admin\/exercises\?from=2026-01-10&to=2026-01-11/);
  const helloWorld = page.getByTestId("table-exercises").getByRole("row", { name: /hello-world/ });
  await expect(helloWorld).toContainText("Say hello");
  await expect(helloWorld.getByRole("cell").nth(3)).toHaveText("5"); // attempts
  await expect(helloWorld.getByRole("cell").nth(5)).toHaveText("40.0%"); // pass rate

  await page.getByRole("link", { name: "Common errors" }).click();
  const errors = page.getByTestId("errors-hello-world");
  await expect(errors.getByRole("row", { name: /output: Hello world/ })).toContainText("2");
  await expect(errors.getByRole("row", { name: /undefined variable "_"/ })).toContainText("1");

  await page.getByRole("link", { name: "Funnel" }).click();
  await expect(page.getByTestId("table-funnel").getByRole("row", { name: /Hello, Elixir/ })).toContainText("3");

  // Submission browser: filter by outcome, then open one.
  await page.getByRole("link", { name: "Submissions" }).click();
  await page.getByLabel("Outcome", { exact: true }).selectOption("wrong_output");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByTestId("submission-count")).toContainText("2 submissions");
  await page.getByTestId("table-submissions").getByRole("link", { name: "open" }).first().click();
  await expect(page.getByTestId("verdict")).toContainText("wrong output");
  await expect(page.getByTestId("code")).toContainText('IO.puts("Hello world")');
  await expect(page.getByTestId("stdout")).toContainText("Hello");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/admin\/sign-in$/);
  expect((await context.cookies()).some((c) => c.name === "admin_session")).toBe(false);
  await expectRefused(page);
});
