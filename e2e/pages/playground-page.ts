import { expect, type Locator, type Page } from "@playwright/test";

import { EditorHost } from "./code-editor";

/** /playground: the free editor, its output, Share, and a shared snippet when opened by link. */
export class PlaygroundPage extends EditorHost<Page> {
  constructor(page: Page) {
    super(page, page);
  }

  async open(query = ""): Promise<void> {
    await this.page.goto(`/playground${query}`);
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

  async run(): Promise<void> {
    await this.page.getByRole("button", { name: "Run", exact: true }).click();
  }

  async share(): Promise<string> {
    await this.page.getByRole("button", { name: "Share", exact: true }).click();
    await expect(this.shareLink).toHaveValue(/\/playground\?s=[A-Za-z0-9_-]{22}$/);
    return this.shareLink.inputValue();
  }
}
