import fs from "node:fs";
import { expect, test, type Locator } from "@playwright/test";
import { publishedLessons } from "./pages/course-content";
import { screenshotBothThemes } from "./pages/screenshots";

// A GFM table in a real lesson (the first found in the content) is framed, shaded and readable in
// both themes: the header's text on its shade and a cell's text on the page reach WCAG AA contrast. Screenshots of both themes go to test-results/screenshots/ for a look.
const lesson = publishedLessons().find((l) => /^\|.*\|\s*$/m.test(fs.readFileSync(l.file, "utf8")) && /^\|[\s:|-]+\|\s*$/m.test(fs.readFileSync(l.file, "utf8")));

/**
 * WCAG contrast between an element's text colour and its background as painted: the browser turns
 * each computed colour (lab(), rgba()…) into sRGB on a canvas, over the page's own background.
 */
async function contrastOf(cell: Locator, text: "color" | "page"): Promise<number> {
  return cell.evaluate((el, which) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    if (!ctx) throw new Error("no 2d canvas");
    const page = getComputedStyle(document.body).backgroundColor;
    const paint = (...colors: string[]) => {
      ctx.clearRect(0, 0, 1, 1);
      for (const c of colors) {
        ctx.fillStyle = c;
        ctx.fillRect(0, 0, 1, 1);
      }
      const [r = 0, g = 0, b = 0] = ctx.getImageData(0, 0, 1, 1).data;
      const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const style = getComputedStyle(el);
    const back = paint(page, which === "color" ? style.backgroundColor : "transparent");
    const fore = paint(page, style.backgroundColor, style.color);
    return (Math.max(back, fore) + 0.05) / (Math.min(back, fore) + 0.05);
  }, text);
}

test("a lesson's table is readable in the light and the dark theme", async ({ page }) => {
  if (!lesson) throw new Error("no published lesson has a GFM table");
  await page.goto(`/lessons/${lesson.frontmatter.slug}`);
  const frame = page.locator(".lesson-table").first();
  await frame.scrollIntoViewIfNeeded();
  const header = frame.locator("thead th").first();
  const cell = frame.locator("tbody td").first();
  for (const theme of ["light", "dark"] as const) {
    await page.getByRole("button", { name: theme === "light" ? "Light theme" : "Dark theme" }).click();
    await page.waitForFunction((dark) => document.documentElement.classList.contains("dark") === dark, theme === "dark");
    expect(await contrastOf(header, "color"), `${theme} header text on its shade`).toBeGreaterThan(4.5);
    expect(await contrastOf(cell, "page"), `${theme} cell text on the page`).toBeGreaterThan(4.5);
    expect(await frame.evaluate((el) => getComputedStyle(el).borderTopStyle)).toBe("solid");
  }
  await screenshotBothThemes(page, "lesson-table", frame);
});
