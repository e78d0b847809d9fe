import { expect, type Locator, type Page } from "@playwright/test";

/** /playground: the free editor, its output, Share, and a shared snippet when opened by link. */
export class PlaygroundPage {
  constructor(readonly page: Page) {}

  async open(query = ""): Promise<void> {
    await this.page.goto(`/playground${query}`);
  }

  get editor(): Locator {
    return this.page.getByTestId("code-editor");
  }

  get code(): Locator {
    return this.page.locator('[name="code"]');
  }

  get output(): Locator {
    return this.page.getByTestId("playground-output");
  }

  get shareLink(): Locator {
    return this.page.getByTestId("share-link");
  }

  get sharedSnippet(): Locator {
    return this.page.getByTestId("shared-snippet");
  }

  async write(code: string): Promise<void> {
    await expect(this.editor).toHaveAttribute("data-editor", "monaco");
    await this.editor.click();
    await this.page.keyboard.press("ControlOrMeta+A");
    await this.page.keyboard.insertText(code);
    await expect(this.code).toHaveValue(code);
  }

  async run(): Promise<void> {
    await this.page.getByRole("button", { name: "Run", exact: true }).click();
  }

  async share(): Promise<string> {
    await this.page.getByRole("button", { name: "Share", exact: true }).click();
    await expect(this.shareLink).toHaveValue(/\/playground\?s=[A-Za-z0-9_-]{22}$/);
    return this.shareLink.inputValue();
  }
}
