import { expect, type Locator, type Page } from "@playwright/test";

/**
 * Whatever holds one code editor (an exercise, an example, the playground), typed into as a
 * learner would: Monaco when it has loaded, read back through the form's `code` field.
 */
export class EditorHost<Root extends Locator | Page = Locator> {
  constructor(
    readonly page: Page,
    readonly root: Root,
  ) {}

  get editor(): Locator {
    return this.root.getByTestId("code-editor");
  }

  get code(): Locator {
    return this.root.locator('[name="code"]');
  }

  async waitForMonaco(): Promise<void> {
    await expect(this.editor).toHaveAttribute("data-editor", "monaco");
  }

  /** Replaces the editor's text. */
  async write(code: string): Promise<void> {
    await this.waitForMonaco();
    await this.editor.click();
    await this.page.keyboard.press("ControlOrMeta+A");
    await this.page.keyboard.insertText(code);
    await expect(this.code).toHaveValue(code);
  }

  /** Empties Monaco, leaving the cursor in it for the keyboard. */
  async clear(): Promise<void> {
    await this.waitForMonaco();
    await this.editor.click();
    await this.page.keyboard.press("ControlOrMeta+A");
    await this.page.keyboard.press("Backspace");
    await expect(this.code).toHaveValue("");
  }
}
