// An admin finds who is stuck on an exercise and sees what that learner saw: the stuck-learners
// list of an exercise, the latest submission with its output and diff, sorting a table, and no
// table wider than a 1280 px window.
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { AdminPages } from "./pages/admin-pages";

const USERNAME = process.env.E2E_ADMIN_USERNAME ?? "e2e-admin";
const PASSWORD = process.env.E2E_ADMIN_PASSWORD ?? "Dashboard-Key-2026!";
const DB_FILE = path.resolve("data/e2e.db");

// December 2025, before the dates admin.spec.ts filters on. hello-world expects "Hello, world!".
// one-stuck-learner: three wrong outputs, no pass (the most stuck); two-stuck-learner: one compile
// error; three-stuck-learner: a wrong output, then a pass (not stuck).
const SUBMISSIONS: [id: string, learner: string, at: string, verdict: string, stdout: string, message: string | null, code: string][] = [
  ["stuck-1", "one-stuck-learner", "2025-12-01T09:00:00.000+00:00", "wrong_output", "Hello world\n", null, 'IO.puts("Hello world")'],
  ["stuck-2", "one-stuck-learner", "2025-12-01T09:10:00.000+00:00", "wrong_output", "hello, world\n", null, 'IO.puts("hello, world")'],
  ["stuck-3", "one-stuck-learner", "2025-12-01T09:40:00.000+00:00", "wrong_output", "Hello world!\n", null, 'IO.puts("Hello world!")'],
  ["stuck-4", "two-stuck-learner", "2025-12-02T10:00:00.000+00:00", "compile_error", "", 'undefined variable "hello"', "IO.puts(hello)"],
  ["stuck-5", "three-stuck-learner", "2025-12-02T11:00:00.000+00:00", "wrong_output", "Hi\n", null, 'IO.puts("Hi")'],
  ["stuck-6", "three-stuck-learner", "2025-12-02T11:05:00.000+00:00", "passed", "Hello, world!\n", null, 'IO.puts("Hello, world!")'],
];

test.beforeAll(() => {
  const db = new Database(DB_FILE);
  try {
    const learner = db.prepare("INSERT OR IGNORE INTO Learner (id, createdAt) VALUES (?, ?)");
    const submission = db.prepare(
      `INSERT OR IGNORE INTO Submission (id, exerciseId, learnerId, code, outcome, verdict, passed, stdout, stderr, message, errorLine, durationMs, createdAt, truncated)
       VALUES (?, 'hello-world', ?, ?, ?, ?, ?, ?, '', ?, ?, 15, ?, 0)`,
    );
    db.transaction(() => {
      for (const id of ["one-stuck-learner", "two-stuck-learner", "three-stuck-learner"]) learner.run(id, "2025-12-01T08:00:00.000+00:00");
      for (const [id, learnerId, at, verdict, stdout, message, code] of SUBMISSIONS) {
        const outcome = verdict === "passed" || verdict === "wrong_output" ? "ok" : verdict;
        submission.run(id, learnerId, code, outcome, verdict, verdict === "passed" ? 1 : 0, stdout, message, verdict === "compile_error" ? 1 : null, at);
      }
    })();
  } finally {
    db.close();
  }
});

test.use({ viewport: { width: 1280, height: 900 } });

test("an admin finds the learners stuck on an exercise and sees what the most stuck one saw", async ({ page }) => {
  const admin = new AdminPages(page);
  await admin.signIn(USERNAME, PASSWORD);
  // The admin's own header: no learner sign-in link.
  await expect(page.getByTestId("account-link")).toHaveCount(0);
  await expect(page.getByText("Sign in to keep your progress")).toHaveCount(0);

  await page.goto("/admin/exercises");
  expect(await admin.overflowingElements()).toEqual([]);
  // Sort the per-exercise table by attempts, most first: the cells come out in that order.
  const attempts = await admin.sortBy("table-exercises", "Attempts");
  const ascending = (await attempts.allInnerTexts()).map((t) => Number(t.replace(/[^\d]/g, "") || "0"));
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
  const descending = await admin.sortBy("table-exercises", "Attempts");
  const down = (await descending.allInnerTexts()).map((t) => Number(t.replace(/[^\d]/g, "") || "0"));
  expect(down).toEqual([...down].sort((a, b) => b - a));
  expect(down[0]).toBeGreaterThanOrEqual(6);

  await admin.openExercise("hello-world");
  const stuck = admin.table("table-stuck");
  await expect(stuck).toBeVisible();
  expect(await admin.overflowingElements()).toEqual([]);
  const rows = stuck.locator("tbody tr");
  // Most failed attempts first; the learner who passed is not stuck.
  await expect(rows.first()).toContainText("one-stuck-lea");
  await expect(admin.stuckRow("one-stuck-learner")).toContainText("3");
  await expect(admin.stuckRow("one-stuck-learner")).toContainText("40 min");
  await expect(admin.stuckRow("one-stuck-learner")).toContainText('IO.puts("Hello world!")');
  await expect(admin.stuckRow("two-stuck-learner")).toContainText("compile error");
  await expect(admin.stuckRow("three-stuck-learner")).toHaveCount(0);

  await admin.openLatestSubmission("one-stuck-learner");
  await expect(page.getByTestId("verdict")).toContainText("wrong output");
  await expect(page.getByTestId("message")).toContainText("The output differs from the expected output.");
  await expect(page.getByTestId("stdout")).toHaveText("Hello world!\n");
  const diff = page.getByTestId("diff");
  await expect(diff.locator('[data-kind="expected"]')).toHaveText("− Hello, world!");
  await expect(diff.locator('[data-kind="actual"]')).toHaveText("+ Hello world!");
  await expect(page.getByTestId("code")).toContainText('IO.puts("Hello world!")');
  expect(await admin.overflowingElements()).toEqual([]);

  // A compile error shows its line, marked in the code.
  await page.goto("/admin/submissions/stuck-4");
  await expect(page.getByTestId("error-line")).toHaveText("Line 1:");
  await expect(page.getByTestId("message")).toContainText('undefined variable "hello"');
  await expect(page.locator("[data-error-line]")).toContainText("IO.puts(hello)");

  // Every verdict has a message in the list, none a bare dash.
  await page.goto("/admin/submissions?exercise=hello-world");
  await expect(admin.table("table-submissions").getByRole("row").filter({ hasText: "one-stuck-lea" }).first()).toContainText("The output differs");
  expect(await admin.overflowingElements()).toEqual([]);
});
