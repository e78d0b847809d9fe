import { expect, test, type ConsoleMessage } from "@playwright/test";
import { publishedLessons } from "./pages/course-content";

// Every published lesson page, read from the content folder at test time, opens and renders its
// title and its exercises' editors without a single console error or uncaught page error.
for (const lesson of publishedLessons()) {
  const { slug, title } = lesson.frontmatter;
  test(`lesson "${slug}" opens without a console error`, async ({ page }) => {
    const errors: string[] = [];
    page.on("console", (message: ConsoleMessage) => {
      if (message.type() === "error") errors.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));

    const response = await page.goto(`/lessons/${slug}`);
    expect(response?.status()).toBe(200);
    await expect(page).toHaveTitle(new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    await expect(page.locator("article")).toBeVisible();
    for (const exercise of lesson.exercises) {
      await expect(page.locator(`[data-exercise-id="${exercise.id}"] [data-testid="code-editor"]`)).toHaveAttribute("data-editor", "monaco");
    }
    // Late errors (a worker, a lazy chunk) have a moment to show up.
    await page.waitForLoadState("networkidle");
    expect(errors).toEqual([]);
  });
}
