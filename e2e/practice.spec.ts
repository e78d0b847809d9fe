import { expect, test } from "@playwright/test";
import { practiceExercises } from "./pages/course-content";
import { LessonPage } from "./pages/lesson-page";
import { PracticePage } from "./pages/practice-page";

// Follows whatever practice exercises the content folder holds (at least two, with different
// difficulties and concepts).
const practice = practiceExercises();

function pick() {
  const [first] = practice;
  if (!first) throw new Error("content/practice/ holds no practice exercise");
  const concept = first.frontmatter.concepts[0] ?? "basics";
  const withConcept = practice.filter((p) => p.frontmatter.concepts.includes(concept)).map((p) => p.frontmatter.slug);
  const other = practice.find((p) => p.frontmatter.difficulty !== first.frontmatter.difficulty);
  if (!other || withConcept.length === practice.length) throw new Error("the practice exercises need different difficulties and concepts for this spec");
  return { first, concept, withConcept, difficulty: first.frontmatter.difficulty };
}

test("the practice page lists every practice exercise with its difficulty, concepts and minutes", async ({ page }) => {
  const list = new PracticePage(page);
  await page.goto("/");
  await page.getByTestId("practice-link").click();
  await expect(page).toHaveURL(/\/practice$/);
  await expect(list.items).toHaveCount(practice.length);
  for (const p of practice) {
    const item = list.item(p.frontmatter.slug);
    await expect(item.getByTestId("difficulty")).toHaveAttribute("data-difficulty", String(p.frontmatter.difficulty));
    await expect(item.getByTestId("concept")).toHaveText(p.frontmatter.concepts);
    await expect(item).toContainText(`${p.frontmatter.minutes} min`);
    await expect(item).toHaveAttribute("data-solved", "false");
  }
});

test("the practice page filters by concept and by difficulty, through links and the form", async ({ page }) => {
  const { concept, withConcept, difficulty } = pick();
  const list = new PracticePage(page);
  await list.open();

  await list.filterByConcept(concept);
  expect((await list.slugs()).sort()).toEqual([...withConcept].sort());

  await list.filterByDifficulty(difficulty);
  const both = practice.filter((p) => p.frontmatter.concepts.includes(concept) && p.frontmatter.difficulty === difficulty).map((p) => p.frontmatter.slug);
  expect((await list.slugs()).sort()).toEqual(both.sort());
  await expect(page).toHaveURL(new RegExp(`concept=${concept}&difficulty=${difficulty}$`));

  await page.getByTestId("clear-filters").click();
  await expect(list.items).toHaveCount(practice.length);

  await list.filterWithForm("", difficulty);
  await expect(page).toHaveURL(new RegExp(`difficulty=${difficulty}`));
  const atDifficulty = practice.filter((p) => p.frontmatter.difficulty === difficulty).map((p) => p.frontmatter.slug);
  expect((await list.slugs()).sort()).toEqual(atDifficulty.sort());
  expect(atDifficulty.length).toBeLessThan(practice.length);

  // Filters are plain URLs: a page opened with them shows the same list.
  await list.open(`?concept=${concept}`);
  expect((await list.slugs()).sort()).toEqual([...withConcept].sort());
});

test("a practice exercise runs like a lesson's (hints, draft, run, solution) and shows as solved on the practice page", async ({ page }) => {
  const { first } = pick();
  await page.goto(`/practice/${first.frontmatter.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: first.frontmatter.title })).toBeVisible();
  const panel = new LessonPage(page).exercise(first.exercise.id);
  await panel.root.getByRole("button", { name: /^Show a hint/ }).click();
  await expect(panel.root.getByTestId("hint")).toHaveCount(1);
  // The starter does not pass (content:check proves it for every exercise); any verdict but "passed".
  await panel.write(first.exercise.starterCode);
  await panel.run();
  await expect(panel.result).toHaveAttribute("data-status", /^(wrong_output|tests_failed|compile_error|runtime_error)$/);
  await panel.write(first.exercise.solution);
  await expect(panel.draftStatus).toHaveText("Draft saved");
  await panel.run();
  await panel.expectStatus("passed");
  await panel.root.getByRole("button", { name: "Show solution" }).click();
  await expect(panel.root.getByTestId("solution-code")).toContainText(first.exercise.solution.trim().split("\n")[0] ?? "");

  const list = new PracticePage(page);
  await list.open();
  await expect(list.item(first.frontmatter.slug)).toHaveAttribute("data-solved", "true");
  await expect(list.item(first.frontmatter.slug).getByTestId("practice-solved")).toBeVisible();
  await expect(page.getByTestId("practice-progress")).toHaveText(`1 of ${practice.length} practice exercises solved`);
});
