import path from "node:path";
import { expect, test } from "@playwright/test";
import { loadLessons } from "@/lib/lessons/load";
import type { ParsedLesson } from "@/lib/lessons/parse";
import { LessonPage } from "./pages/lesson-page";

// Walks the real course as a learner: from the course page into lesson 1, solves an exercise,
// follows the lesson's "Next" link to lesson 2 and solves one there. The lessons and the
// solutions typed in come from the content folder the server was started with.
const contentDir = path.resolve(process.env.CONTENT_DIR ?? "content");

/** The first output-checked exercise of a lesson (test-checked ones need the sandbox's ExUnit support), else its first. */
function exerciseOf(lesson: ParsedLesson) {
  const exercise = lesson.exercises.find((e) => e.check === "output") ?? lesson.exercises[0];
  if (!exercise) throw new Error(`${lesson.file} has no exercise`);
  return exercise;
}

test("a learner works through the first two lessons in order", async ({ page }) => {
  const lessons = (await loadLessons(contentDir)).filter((l) => !l.frontmatter.draft);
  const [first, second] = lessons;
  if (!first || !second) throw new Error(`the course in ${contentDir} needs at least two published lessons, it has ${lessons.length}`);

  await page.goto("/");
  await page.getByRole("link", { name: new RegExp(first.frontmatter.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) }).first().click();
  await expect(page).toHaveURL(new RegExp(`/lessons/${first.frontmatter.slug}$`));
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

  const lesson = new LessonPage(page);
  for (const [index, current] of [first, second].entries()) {
    const target = exerciseOf(current);
    const exercise = lesson.exercise(target.id);
    await exercise.write(target.solution);
    await exercise.run();
    await exercise.expectStatus("passed");
    await expect(exercise.root.getByTestId("solved")).toBeVisible();

    if (index === 0) {
      const next = page.getByRole("navigation", { name: "Lessons" }).getByRole("link", { name: /Next/ });
      await expect(next).toContainText(second.frontmatter.title);
      await next.click();
      await expect(page).toHaveURL(new RegExp(`/lessons/${second.frontmatter.slug}$`));
      await expect(page.getByRole("navigation", { name: "Lessons" }).getByRole("link", { name: /Previous/ })).toContainText(first.frontmatter.title);
    }
  }
});

test("a runnable example in a lesson runs on the server and shows its output", async ({ page }) => {
  const lessons = (await loadLessons(contentDir)).filter((l) => !l.frontmatter.draft);
  const lesson = lessons.find((l) => l.examples.length > 0);
  const example = lesson?.examples[0];
  if (!lesson || !example) throw new Error(`no published lesson in ${contentDir} has a runnable example (\`\`\`elixir run)`);

  await page.goto(`/lessons/${lesson.frontmatter.slug}`);
  const box = page.locator(`[data-example-id="${example.id}"]`).first();
  await expect(box.locator("pre.shiki")).toBeVisible();
  await box.getByRole("button", { name: "Run this" }).click();
  const output = box.getByTestId("example-output");
  await expect(output).toHaveAttribute("data-outcome", /^(ok|compile_error|runtime_error)$/);
});
