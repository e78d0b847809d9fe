import { expect, test } from "@playwright/test";
import { LessonPage } from "./pages/lesson-page";

test.describe("Hello, Elixir", () => {
  test("lists the lesson on the home page", async ({ page }) => {
    await page.goto("/");
    await page.locator('[data-testid="lesson"][data-slug="hello-elixir"]').getByRole("link", { name: "Hello, Elixir", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Hello, Elixir" })).toBeVisible();
  });

  test("a correct solution passes, a wrong one shows expected and actual, and attempts are kept", async ({ page }) => {
    const lesson = new LessonPage(page);
    await lesson.open("hello-elixir");
    const exercise = lesson.exercise("hello-world");
    await expect(exercise.attempts).toHaveText(/^0 attempts$/);

    await exercise.write('IO.puts("Hello, world!")');
    await exercise.run();
    await exercise.expectStatus("passed");
    await expect(exercise.result).toContainText(/passed/i);
    await expect(exercise.attempts).toHaveText(/^1 attempt$/);

    await exercise.write('IO.puts("Hello world")');
    await exercise.run();
    await exercise.expectStatus("wrong_output");
    await expect(exercise.result.getByTestId("expected")).toContainText("Hello, world!");
    await expect(exercise.result.getByTestId("actual")).toContainText("Hello world");
    await expect(exercise.attempts).toHaveText(/^2 attempts$/);

    await page.reload();
    await expect(lesson.exercise("hello-world").attempts).toHaveText(/^2 attempts$/);
    await expect(lesson.exercise("hello-world").root.getByTestId("solved")).toBeVisible();
  });

  test("a syntax error is reported as a compile error with its line", async ({ page }) => {
    const lesson = new LessonPage(page);
    await lesson.open("hello-elixir");
    const exercise = lesson.exercise("hello-arithmetic");
    await exercise.write('slices = 3 * 8\nIO.puts(div(slices, 7)');
    await exercise.run();
    await exercise.expectStatus("compile_error");
    await expect(exercise.result).toContainText(/line 2/i);
  });

  test("the page never carries a solution or an expected output", async ({ page }) => {
    const response = await page.goto("/lessons/hello-elixir");
    const html = (await response?.text()) ?? "";
    expect(html).toContain("Share the pizza");
    expect(html).not.toContain("IO.puts(rem(slices, friends))");
    expect(html).not.toContain("I am learning Elixir!\\nELIXIR");
    expect(html).not.toContain("ELIXIR");
  });
});
