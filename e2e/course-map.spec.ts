import { expect, test } from "@playwright/test";
import { PARTS } from "@/lib/lessons/parse";
import { publishedLessons } from "./pages/course-content";
import { CourseMap } from "./pages/course-map";
import { LessonPage } from "./pages/lesson-page";

test("the home page shows the four parts in order, every lesson with its minutes, and the sandbox's Elixir version", async ({ page }) => {
  const map = new CourseMap(page);
  await map.open();
  await expect(map.parts).toHaveCount(4);
  expect(await map.parts.evaluateAll((els) => els.map((el) => el.getAttribute("data-part")))).toEqual([...PARTS]);
  for (const lesson of publishedLessons()) {
    const card = map.part(lesson.frontmatter.part).locator(`[data-testid="lesson"][data-slug="${lesson.frontmatter.slug}"]`);
    await expect(card.getByTestId("lesson-minutes")).toHaveText(`${lesson.frontmatter.minutes} min`);
  }
  const withPrerequisite = publishedLessons().find((l) => l.frontmatter.prerequisites.length > 0);
  if (withPrerequisite) {
    const link = map.lesson(withPrerequisite.frontmatter.slug).getByTestId("lesson-prerequisites").getByRole("link").first();
    await expect(link).toHaveAttribute("href", `/lessons/${withPrerequisite.frontmatter.prerequisites[0]}`);
  }
  await expect(page.getByTestId("sandbox-version")).toHaveText(/Elixir 1\.\d+\.\d+ \(Erlang\/OTP \d+\)/);

  const intro = map.part("basics").getByTestId("part-intro");
  await intro.click();
  await expect(page).toHaveURL(/\/parts\/basics$/);
  await expect(page.locator("article h1")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Lessons in this part" })).toBeVisible();
});

test("a solve changes the progress of its lesson and its part on the home page", async ({ page }) => {
  const lesson = publishedLessons().find((l) => l.frontmatter.part === "data-and-functions" && l.exercises.length > 0);
  const exercise = lesson?.exercises[0];
  if (!lesson || !exercise) throw new Error("the data-and-functions part needs a lesson with an exercise");
  const map = new CourseMap(page);
  await map.open();
  const before = await map.partProgress("data-and-functions");
  await expect(map.lesson(lesson.frontmatter.slug).getByTestId("lesson-progress")).toHaveText(`0/${lesson.exercises.length} solved`);

  const lessonPage = new LessonPage(page);
  await lessonPage.open(lesson.frontmatter.slug);
  const panel = lessonPage.exercise(exercise.id);
  await panel.write(exercise.solution);
  await panel.run();
  await panel.expectStatus("passed");

  await map.open();
  expect(await map.partProgress("data-and-functions")).toEqual({ solved: before.solved + 1, total: before.total });
  await expect(map.lesson(lesson.frontmatter.slug).getByTestId("lesson-progress")).toHaveText(`1/${lesson.exercises.length} solved`);
  // The other parts are untouched.
  expect((await map.partProgress("basics")).solved).toBe(0);
});
