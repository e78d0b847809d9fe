import { expect, test } from "@playwright/test";
import { LessonPage } from "./pages/lesson-page";
import { screenshotBothThemes } from "./pages/screenshots";

test("a draft is saved as you type and survives a reload; restore last run brings back the run code", async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.open("hello-elixir");
  let ex = lesson.exercise("hello-interpolation");
  await ex.submit('IO.puts("ran this")', "wrong_output");
  await ex.write('language = "Elixir"\nIO.puts("draft in progress")');
  await expect(ex.draftStatus).toHaveText("Draft saved");

  await page.reload();
  ex = lesson.exercise("hello-interpolation");
  await ex.waitForMonaco();
  await expect(ex.code).toHaveValue('language = "Elixir"\nIO.puts("draft in progress")');
  await ex.root.getByRole("button", { name: "Restore last run" }).click();
  await expect(ex.code).toHaveValue('IO.puts("ran this")');
  await ex.root.getByRole("button", { name: "Reset to starter" }).click();
  await expect(ex.code).toHaveValue(/^language = "Elixir"\n# Print/);
});

test("hints are revealed one at a time, reach the page only when revealed, and stay revealed", async ({ page }) => {
  const lesson = new LessonPage(page);
  const html = await (await page.request.get("/lessons/hello-elixir")).text();
  expect(html).not.toContain("Punctuation counts");
  await lesson.open("hello-elixir");
  const ex = lesson.exercise("hello-world");
  await expect(ex.root.getByTestId("hint")).toHaveCount(0);
  const first = ex.root.getByRole("button", { name: /^Show a hint \(\d+ left\)$/ });
  const total = Number(/\((\d+) left\)/.exec((await first.textContent()) ?? "")?.[1]);
  expect(total).toBeGreaterThanOrEqual(2);
  await first.click();
  await expect(ex.root.getByTestId("hint")).toHaveCount(1);
  await expect(ex.root.getByTestId("hint").first()).toContainText("Hint 1:");
  for (let n = 2; n <= total; n++) {
    await ex.root.getByRole("button", { name: `Show the next hint (${total - n + 1} left)` }).click();
    await expect(ex.root.getByTestId("hint")).toHaveCount(n);
  }
  await expect(ex.root.getByRole("button", { name: /hint/ })).toHaveCount(0);
  await expect(ex.root.getByTestId("hint").last()).toBeFocused();
  await expect(ex.root.getByTestId("hint").last()).toContainText("Punctuation counts");
  await expect(ex.root.getByTestId("hint").last().locator("code").first()).toBeVisible(); // Markdown, rendered
  await screenshotBothThemes(page, "hints", ex.root);
  await page.reload();
  await expect(lesson.exercise("hello-world").root.getByTestId("hint")).toHaveCount(total);
});

test("the solution unlocks after three failed attempts and shows a diff against your code", async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.open("hello-elixir");
  const ex = lesson.exercise("hello-arithmetic");
  const show = ex.root.getByRole("button", { name: "Show solution" });
  await expect(show).toBeDisabled();
  for (const n of [1, 2, 3]) {
    await expect(ex.root.getByTestId("solution-rule")).toContainText(`${4 - n} more failed`);
    await ex.submit(`IO.puts(${n})`, "wrong_output");
  }
  await expect(show).toBeEnabled();
  await show.click();
  const solution = ex.root.getByTestId("solution");
  await expect(solution.locator('[data-kind="expected"]').first()).toContainText("slices = 3 * 8");
  await expect(solution.locator('[data-kind="actual"]')).toContainText("IO.puts(3)");
  await screenshotBothThemes(page, "solution", ex.root);
  await ex.root.getByRole("button", { name: "Hide solution" }).first().click();
  await expect(solution).toHaveCount(0);
});

test("a pass unlocks the solution at once, and the course page shows the progress", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("course-progress")).toContainText(/^0 of \d+ exercises solved/);
  const total = Number(/of (\d+)/.exec((await page.getByTestId("course-progress").textContent()) ?? "")?.[1]);
  await page.getByTestId("next-exercise").click();
  await expect(page).toHaveURL(/\/lessons\/hello-elixir#hello-world$/);

  const ex = new LessonPage(page).exercise("hello-world");
  await ex.submit('IO.puts("Hello, world!")', "passed");
  await expect(ex.root.getByRole("button", { name: "Show solution" })).toBeEnabled();
  await expect(ex.root.getByTestId("solved")).toBeVisible();

  await page.goto("/");
  await expect(page.getByTestId("course-progress")).toContainText(`1 of ${total} exercises solved (${Math.round(100 / total)}%)`);
  const lessonRow = page.locator('[data-testid="lesson"][data-slug="hello-elixir"]');
  await expect(lessonRow.getByTestId("lesson-progress")).toHaveText(/^1\/\d+ solved$/);
  await expect(lessonRow.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "1");
  await expect(page.getByTestId("next-exercise")).toHaveAttribute("href", "/lessons/hello-elixir#hello-interpolation");
  await screenshotBothThemes(page, "course");

  await page.getByTestId("next-exercise").click();
  const nav = page.getByRole("navigation", { name: "Exercises in this lesson" });
  await expect(nav).toContainText(/1 of \d+ solved/);
  await expect(nav.getByRole("link", { name: /Say hello \(solved\)/ })).toBeVisible();
});

test("keyboard only: reach the editor, type, run with Ctrl+Enter, leave with Esc then Tab", async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.open("hello-elixir");
  const ex = lesson.exercise("hello-world");
  await ex.waitForMonaco();
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.getAttribute("aria-label")?.startsWith("Code for Say hello") ?? false);
  }
  expect(reached).toBe(true);
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText('IO.puts("Hello, world!")');
  await page.keyboard.press("ControlOrMeta+Enter");
  await ex.expectStatus("passed");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  await expect(ex.root.getByRole("button", { name: "Run", exact: true })).toBeFocused();
});

test("theme: follows the system by default, switches, and the choice survives a reload", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.emulateMedia({ colorScheme: "light" });
  await expect(page.locator("html")).not.toHaveClass(/dark/);

  await page.getByRole("button", { name: "Dark theme" }).click();
  await expect(page.getByRole("button", { name: "Dark theme" })).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  // Applied by the inline script before paint: the server's HTML carries no theme.
  await expect(page.locator("html")).toHaveClass(/dark/);
  const html = await (await page.request.get("/")).text();
  expect(html).not.toMatch(/<html[^>]*class="[^"]*dark/);

  await page.goto("/lessons/hello-elixir");
  const ex = new LessonPage(page).exercise("hello-world");
  await ex.waitForMonaco();
  await expect(ex.editor.locator(".monaco-editor.vs-dark")).toBeVisible();
  await page.getByRole("button", { name: "Light theme" }).click();
  await expect(ex.editor.locator(".monaco-editor.vs")).toBeVisible();
});

test("when Monaco cannot load, the text area stays and works", async ({ page }) => {
  // Allow only the scripts the page itself names; the lazily loaded editor chunks fail.
  const html = await (await page.request.get("/lessons/hello-elixir")).text();
  const allowed = new Set([...html.matchAll(/\/_next\/static\/chunks\/[^"' ]+\.js/g)].map((m) => m[0]));
  await page.route("**/_next/static/chunks/**/*.js", (route) =>
    allowed.has(new URL(route.request().url()).pathname) ? route.continue() : route.abort(),
  );
  const lesson = new LessonPage(page);
  await lesson.open("hello-elixir");
  const ex = lesson.exercise("hello-world");
  const textarea = ex.root.getByRole("textbox", { name: "Code for Say hello" });
  await expect(textarea).toBeVisible();
  await page.waitForLoadState("networkidle");
  await expect(ex.editor).toHaveAttribute("data-editor", "plain");
  await textarea.fill('IO.puts("Hello, world!")');
  await textarea.press("ControlOrMeta+Enter");
  await ex.expectStatus("passed");
});

test.describe("on a small screen", () => {
  test.use({ viewport: { width: 390, height: 800 }, hasTouch: true });

  test("the editor is a plain text area, and running works", async ({ page }) => {
    const lesson = new LessonPage(page);
    await lesson.open("hello-elixir");
    const ex = lesson.exercise("hello-world");
    await page.waitForLoadState("networkidle");
    await expect(ex.editor).toHaveAttribute("data-editor", "plain");
    await expect(ex.editor.locator(".monaco-editor")).toHaveCount(0);
    const textarea = ex.root.getByRole("textbox", { name: "Code for Say hello" });
    await textarea.fill('IO.puts("Hello, world!")');
    await ex.run();
    await ex.expectStatus("passed");
    await screenshotBothThemes(page, "mobile", page.locator("main"));
  });
});
