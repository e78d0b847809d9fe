import { expect, type Locator, type Page } from "@playwright/test";

/** One lesson page, and the exercises in it. */
export class LessonPage {
  constructor(readonly page: Page) {}

  async open(slug: string): Promise<void> {
    await this.page.goto(`/lessons/${slug}`);
  }

  exercise(id: string): ExercisePanel {
    return new ExercisePanel(this.page, this.page.locator(`[data-exercise-id="${id}"]`));
  }
}

export class ExercisePanel {
  constructor(
    readonly page: Page,
    readonly root: Locator,
  ) {}

  get result(): Locator {
    return this.root.getByTestId("result");
  }

  get attempts(): Locator {
    return this.root.getByTestId("attempts");
  }

  /** Replaces the editor's text, typing into Monaco as a learner would. */
  async write(code: string): Promise<void> {
    const editor = this.root.getByTestId("code-editor");
    await expect(editor).toHaveAttribute("data-editor", "monaco");
    await editor.click();
    await this.page.keyboard.press("ControlOrMeta+A");
    await this.page.keyboard.insertText(code);
    await expect(this.root.locator('[name="code"]')).toHaveValue(code);
  }

  async run(): Promise<void> {
    await this.root.getByRole("button", { name: "Run", exact: true }).click();
  }

  async expectStatus(status: string): Promise<void> {
    await expect(this.result).toHaveAttribute("data-status", status);
  }
}
