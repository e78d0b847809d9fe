import type { Page } from "@playwright/test";

/** Saves a screenshot of `name` in the light and the dark theme, switching with the page's own theme buttons. */
export async function screenshotBothThemes(page: Page, name: string, target = page.locator("main")): Promise<void> {
  for (const theme of ["light", "dark"] as const) {
    await page.getByRole("button", { name: theme === "light" ? "Light theme" : "Dark theme" }).click();
    await page.waitForFunction((dark) => document.documentElement.classList.contains("dark") === dark, theme === "dark");
    await target.screenshot({ path: `test-results/screenshots/${name}-${theme}.png`, animations: "disabled" });
  }
  await page.getByRole("button", { name: "System theme" }).click();
}
