import { expect, test } from "@playwright/test";
import { PARTS } from "@/lib/lessons/parse";
import { firstAndLastExercises } from "./pages/course-content";
import { LessonPage } from "./pages/lesson-page";

// In each of the four parts, the first and the last exercise (found in the content at test time,
// in course order) are solved in the browser by typing the reference solution into the editor.
const ends = firstAndLastExercises();

for (const part of PARTS) {
  for (const which of ["first", "last"] as const) {
    test(`the ${which} exercise of part "${part}" is solved by its reference solution`, async ({ page }) => {
      const found = ends[part];
      if (!found) throw new Error(`part "${part}" has no exercise in the content folder`);
      const { lesson, exercise } = found[which];
      const lessonPage = new LessonPage(page);
      await lessonPage.open(lesson.frontmatter.slug);
      const panel = lessonPage.exercise(exercise.id);
      await panel.write(exercise.solution);
      await panel.run();
      await panel.expectStatus("passed");
      await expect(panel.root.getByTestId("solved")).toBeVisible();
    });
  }
}
