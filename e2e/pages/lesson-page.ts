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

class ExercisePanel {
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

  get editor(): Locator {
    return this.root.getByTestId("code-editor");
  }

  get code(): Locator {
    return this.root.locator('[name="code"]');
  }

  get runButton(): Locator {
    return this.root.getByRole("button", { name: /^(▶ )?Run$|Running/ });
  }

  get draftStatus(): Locator {
    return this.root.getByTestId("draft-status");
  }

  async waitForMonaco(): Promise<void> {
    await expect(this.editor).toHaveAttribute("data-editor", "monaco");
  }

  /** Replaces the editor's text, typing into Monaco as a learner would. */
  async write(code: string): Promise<void> {
    await this.waitForMonaco();
    await this.editor.click();
    await this.page.keyboard.press("ControlOrMeta+A");
    await this.page.keyboard.insertText(code);
    await expect(this.code).toHaveValue(code);
  }

  async run(): Promise<void> {
    await this.root.getByRole("button", { name: "Run", exact: true }).click();
  }

  /** Writes, runs and waits for the given verdict. */
  async submit(code: string, status: string): Promise<void> {
    await this.write(code);
    const before = await this.attempts.textContent();
    await this.run();
    await this.expectStatus(status);
    if (status !== "unavailable" && status !== "busy") await expect(this.attempts).not.toHaveText(before ?? "");
  }

  async expectStatus(status: string): Promise<void> {
    await expect(this.result).toHaveAttribute("data-status", status);
    await expect(this.result).not.toHaveAttribute("data-pending", "true");
  }
}
