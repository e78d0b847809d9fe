import { expect, test } from "@playwright/test";
import { PlaygroundPage } from "./pages/playground-page";

test.describe("the playground", () => {
  test("runs free code with its full output, and starts from a lesson's example", async ({ page }) => {
    const playground = new PlaygroundPage(page);
    await playground.open();
    await playground.write('IO.puts("out")\nIO.puts(:stderr, "err")\nIO.inspect(Enum.sum(1..10))');
    await playground.run();
    await expect(playground.output).toHaveAttribute("data-outcome", "ok");
    await expect(playground.output.getByTestId("playground-stdout")).toContainText("out\n55");

    const menu = page.getByLabel("Start from an example");
    const first = await menu.locator("option").nth(1).getAttribute("value");
    await menu.selectOption(first ?? "");
    await expect(playground.code).not.toHaveValue(/IO\.puts\("out"\)/);
  });

  test("a snippet is shared, opened read-only in a fresh context, and copied into the editor", async ({ page, browser, baseURL }) => {
    const playground = new PlaygroundPage(page);
    await playground.open();
    const code = `IO.puts("shared ${Date.now()}")`;
    await playground.write(code);
    const url = await playground.share();
    // The same code gives the same link.
    await page.getByRole("button", { name: "Share", exact: true }).click();
    await expect(playground.shareLink).toHaveValue(url);

    const fresh = await browser.newContext({ baseURL });
    try {
      const other = new PlaygroundPage(await fresh.newPage());
      await other.page.goto(url);
      await expect(other.sharedSnippet.getByTestId("shared-code")).toHaveText(code);
      await expect(other.code).not.toHaveValue(code);
      await other.sharedSnippet.getByRole("button", { name: "Copy into my editor" }).click();
      await expect(other.code).toHaveValue(code);
      await other.run();
      await expect(other.output).toContainText(code.slice(9, -2));
    } finally {
      await fresh.close();
    }
  });

  test("an unknown link says so", async ({ page }) => {
    const playground = new PlaygroundPage(page);
    await playground.open("?s=AAAAAAAAAAAAAAAAAAAAAA");
    await expect(page.getByRole("alert").filter({ hasText: "No shared snippet" })).toHaveText("No shared snippet has this link.");
  });
});
