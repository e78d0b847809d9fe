import { expect, type Locator, type Page } from "@playwright/test";

/** The home page's course map: parts, their lessons and progress. */
export class CourseMap {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto("/");
  }

  get parts(): Locator {
    return this.page.getByTestId("part");
  }

  part(slug: string): Locator {
    return this.page.locator(`[data-testid="part"][data-part="${slug}"]`);
  }

  lesson(slug: string): Locator {
    return this.page.locator(`[data-testid="lesson"][data-slug="${slug}"]`);
  }

  /** "solved/total" of a part, as numbers. */
  async partProgress(slug: string): Promise<{ solved: number; total: number }> {
    const text = (await this.part(slug).getByTestId("part-progress").first().textContent()) ?? "";
    const match = /^(\d+)\/(\d+) exercises solved/.exec(text);
    expect(match, `part progress of ${slug}: "${text}"`).not.toBeNull();
    return { solved: Number(match?.[1]), total: Number(match?.[2]) };
  }
}
