import { expect, type Locator, type Page } from "@playwright/test";

/** The admin dashboard: signing in, the tables, an exercise's page and a submission's page. */
export class AdminPages {
  constructor(readonly page: Page) {}

  async signIn(username: string, password: string): Promise<void> {
    await this.page.goto("/admin/sign-in");
    await this.page.getByLabel("Username", { exact: true }).fill(username);
    await this.page.getByLabel("Password", { exact: true }).fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
    await expect(this.page).toHaveURL(/\/admin$/);
  }

  table(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  /** Clicks a column's header of a sortable table; returns that column's cells, top to bottom. */
  async sortBy(testId: string, column: string): Promise<Locator> {
    const table = this.table(testId);
    const header = table.getByRole("columnheader", { name: column, exact: true });
    const link = header.getByRole("link");
    const href = (await link.getAttribute("href")) ?? "";
    await link.click();
    await expect(this.page).toHaveURL(href);
    await expect(header).toHaveAttribute("aria-sort", href.includes("=-") ? "descending" : "ascending");
    const index = await table.getByRole("columnheader").evaluateAll((cells, name) => cells.findIndex((c) => c.textContent?.replace(/[▲▼]/g, "").trim() === name), column);
    return table.locator(`tbody tr td:nth-child(${index + 1})`);
  }

  /** The exercise's own page, from its row in the per-exercise table. */
  async openExercise(id: string): Promise<void> {
    await this.table("table-exercises").getByRole("link", { name: id, exact: true }).click();
    await expect(this.page).toHaveURL(new RegExp(`/admin/exercises/${id}`));
  }

  stuckRow(learnerId: string): Locator {
    return this.table("table-stuck").getByRole("row").filter({ has: this.page.getByRole("link", { name: learnerId.slice(0, 13) }) });
  }

  async openLatestSubmission(learnerId: string): Promise<void> {
    await this.stuckRow(learnerId).getByRole("link", { name: "open" }).click();
    await expect(this.page).toHaveURL(/\/admin\/submissions\//);
  }

  /** Whether anything on the page is wider than the window (a table or a block that overflows). */
  async overflowingElements(): Promise<string[]> {
    return this.page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = document.documentElement.scrollWidth > width ? ["the page itself"] : [];
      for (const el of document.querySelectorAll("main *")) {
        const box = el.getBoundingClientRect();
        if (box.right > width + 1 && getComputedStyle(el).position !== "fixed") wide.push(`${el.tagName.toLowerCase()}${el.getAttribute("data-testid") ? `[${el.getAttribute("data-testid")}]` : ""}`);
      }
      return wide;
    });
  }
}
