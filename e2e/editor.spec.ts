import { expect, test } from "@playwright/test";
import { LessonPage } from "./pages/lesson-page";

// The editor's help (completion, hover, signature help, Format) and the path after a pass.
test.describe("the code editor", () => {
  test("completion offers Enum.map/2 after Enum.ma, and hover shows its doc", async ({ page }) => {
    const lesson = new LessonPage(page);
    await lesson.open("hello-elixir");
    const exercise = lesson.exercise("hello-world");
    await exercise.clear();
    await page.keyboard.type("Enum.ma");
    await page.keyboard.press("Control+Space");
    await expect(exercise.suggestions.filter({ hasText: "map/2" }).first()).toBeVisible();
    await page.keyboard.press("Escape");

    await exercise.write("Enum.map([1, 2], fn x -> x * 2 end)");
    // The cursor into "map", then Monaco's Show Hover key chord.
    await page.keyboard.press("Home");
    for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Control+K");
    await page.keyboard.press("Control+I");
    const hover = page.locator(".monaco-hover:not(.hidden)");
    await expect(hover).toContainText("Enum.map(enumerable, fun)");
    await expect(hover).toContainText("Returns a list where each element is the result of invoking");
  });

  test("signature help names the argument being typed", async ({ page }) => {
    const lesson = new LessonPage(page);
    await lesson.open("hello-elixir");
    const exercise = lesson.exercise("hello-world");
    await exercise.clear();
    await page.keyboard.type("String.split(");
    await expect(page.locator(".parameter-hints-widget")).toContainText("String.split(");
  });

  test("Format turns a badly indented module into the mix format text; a syntax error leaves the code", async ({ page }) => {
    const lesson = new LessonPage(page);
    await lesson.open("functions");
    const exercise = lesson.exercise("fn-area");
    await exercise.write("defmodule Shape do\ndef area({:square,side}),do: side*side\n      def area(_),do: nil\n end");
    await exercise.formatButton.click();
    await expect(exercise.code).toHaveValue("defmodule Shape do\n  def area({:square, side}), do: side * side\n  def area(_), do: nil\nend\n");

    const broken = "defmodule Shape do\n  def area(x), do: (x +\nend";
    await exercise.write(broken);
    await page.keyboard.press("Shift+Alt+F");
    await expect(exercise.formatMessage).toHaveText(/^cannot format: line \d+$/);
    await expect(exercise.code).toHaveValue(broken);
  });
});

test.describe("after a pass", () => {
  test("the solved count and the Next link follow a pass", async ({ page }) => {
    const lesson = new LessonPage(page);
    await lesson.open("hello-elixir");
    await expect(lesson.solvedCount).toHaveText(/0 of 3 solved/);

    const first = lesson.exercise("hello-world");
    await first.submit('IO.puts("Hello, world!")', "passed");
    await expect(lesson.solvedCount).toHaveText(/1 of 3 solved/);
    await expect(first.nextStep).toHaveText(/Next exercise: Introduce yourself/);
    await expect(first.nextStep).toHaveAttribute("href", "#hello-interpolation");
    // A tests-free pass shows its output; a tests pass would show no empty output block.
    await expect(first.result).toContainText("Hello, world!");

    const last = lesson.exercise("hello-arithmetic");
    await last.submit("slices = 3 * 8\nfriends = 7\nIO.puts(div(slices, friends))\nIO.puts(rem(slices, friends))", "passed");
    await expect(lesson.solvedCount).toHaveText(/2 of 3 solved/);
    await expect(last.nextStep).toHaveText(/Next lesson: /);
    await last.nextStep.click();
    await expect(page).toHaveURL(/\/lessons\/(?!hello-elixir)/);
  });

  test("a tests exercise's pass shows no empty output block", async ({ page }) => {
    const lesson = new LessonPage(page);
    await lesson.open("functions");
    const exercise = lesson.exercise("fn-area");
    await exercise.submit(
      "defmodule Shape do\n  def area({:square, side}), do: side * side\n  def area({:rectangle, w, h}), do: w * h\n  def area({:circle, r}), do: 3.14159 * r * r\nend",
      "passed",
    );
    await expect(exercise.result.getByText("(no output)")).toHaveCount(0);
    await expect(exercise.result.getByText("Output", { exact: true })).toHaveCount(0);
  });
});

test.describe("lesson examples", () => {
  test("an example is edited and run, and Reset brings the original back", async ({ page }) => {
    const lesson = new LessonPage(page);
    await lesson.open("hello-elixir");
    const example = lesson.example(0);
    await example.edit();
    await example.write('IO.puts("edited " <> Integer.to_string(6 * 7))');
    await example.run();
    await expect(example.output).toHaveAttribute("data-outcome", "ok");
    await expect(example.output).toContainText("edited 42");
    await example.root.getByRole("button", { name: "Reset" }).click();
    await expect(example.code).not.toHaveValue(/edited/);
  });
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("the textarea has line numbers and the error line is marked; no Ctrl+Enter hint", async ({ page }) => {
    const lesson = new LessonPage(page);
    await lesson.open("hello-elixir");
    const exercise = lesson.exercise("hello-arithmetic");
    await expect(exercise.editor).toHaveAttribute("data-editor", "plain");
    await exercise.code.fill("slices = 3 * 8\nfriends = 7\nIO.puts(div(slices, friends)");
    await expect(exercise.editor.getByTestId("line-numbers")).toContainText("3");
    await exercise.run();
    await exercise.expectStatus("compile_error");
    await expect(exercise.editor.getByTestId("error-line-marker")).toHaveAttribute("data-line", /^\d+$/);
    await expect(exercise.root.getByText("Ctrl")).toBeHidden();
    const box = await exercise.root.getByRole("button", { name: "Run", exact: true }).boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(44);
  });
});
