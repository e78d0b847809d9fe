import { expect, type Locator, type Page } from "@playwright/test";

/** /practice: its filters and the exercises listed. */
export class PracticePage {
  constructor(readonly page: Page) {}

  async open(query = ""): Promise<void> {
    await this.page.goto(`/practice${query}`);
  }

  get items(): Locator {
    return this.page.getByTestId("practice-item");
  }

  item(slug: string): Locator {
    return this.page.locator(`[data-testid="practice-item"][data-slug="${slug}"]`);
  }

  /** The slugs listed, in order. */
  async slugs(): Promise<string[]> {
    return this.items.evaluateAll((els) => els.map((el) => el.getAttribute("data-slug") ?? ""));
  }

  /** Clicks a concept chip in the filter bar (a plain link: no client script needed). */
  async filterByConcept(concept: string): Promise<void> {
    await this.page.getByRole("navigation", { name: "Concepts" }).locator(`[data-concept-filter="${concept}"]`).click();
    await expect(this.page).toHaveURL(new RegExp(`[?&]concept=${concept}(&|$)`));
  }

  async filterByDifficulty(difficulty: number): Promise<void> {
    await this.page.getByRole("navigation", { name: "Difficulty" }).locator(`[data-difficulty-filter="${difficulty}"]`).click();
    await expect(this.page).toHaveURL(new RegExp(`[?&]difficulty=${difficulty}(&|$)`));
  }

  /** Chooses in the GET form's selects and submits it. */
  async filterWithForm(concept: string, difficulty: number | ""): Promise<void> {
    const form = this.page.getByRole("region", { name: "Filters" }).locator("form");
    await form.getByLabel("Concept").selectOption(concept);
    await form.getByLabel("Difficulty").selectOption(String(difficulty));
    await form.getByRole("button", { name: "Filter" }).click();
  }
}
