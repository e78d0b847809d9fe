import { expect, test, type Page } from "@playwright/test";
import { LessonPage } from "./pages/lesson-page";
import { screenshotBothThemes } from "./pages/screenshots";

const PASSWORD = "correct horse battery staple";

async function fillAccountForm(page: Page, form: "Create an account" | "Sign in", username: string, password: string) {
  const section = page.getByRole("form", { name: form });
  await section.getByLabel("Username").fill(username);
  await section.getByLabel("Password").fill(password);
  await section.getByRole("button", { name: form === "Sign in" ? "Sign in" : "Create account" }).click();
}

test("an account keeps the anonymous progress; signing in elsewhere merges that device's progress; signing out", async ({ page, browser, baseURL }) => {
  const username = `ada${Date.now().toString(36)}`;

  // Device A: solve one exercise anonymously, then create an account.
  const lesson = new LessonPage(page);
  await lesson.open("hello-elixir");
  await lesson.exercise("hello-world").submit('IO.puts("Hello, world!")', "passed");
  await page.goto("/account");
  await screenshotBothThemes(page, "account");
  await fillAccountForm(page, "Create an account", username, "short");
  // The browser's own minlength check or the server's message: either way no account yet.
  await expect(page.getByTestId("account-link")).toHaveText(/Sign in to keep/);
  await fillAccountForm(page, "Create an account", username, PASSWORD);
  await expect(page.getByTestId("account-link")).toHaveText(`Signed in as ${username}`);
  await expect(page.getByTestId("course-progress")).toContainText(/^1 of \d+ exercises solved/);

  // Device B: fresh browser, some anonymous work, then sign in.
  const other = await browser.newContext({ baseURL });
  const b = await other.newPage();
  const lessonB = new LessonPage(b);
  await lessonB.open("hello-elixir");
  await lessonB
    .exercise("hello-interpolation")
    .submit('language = "Elixir"\nIO.puts("I am learning #{language}!")\nIO.puts(String.upcase(language))', "passed");
  const draftB = lessonB.exercise("hello-arithmetic");
  await draftB.write("slices = 3 * 8\n# work in progress on device B");
  await expect(draftB.draftStatus).toHaveText("Draft saved");

  await b.goto("/account");
  await fillAccountForm(b, "Sign in", username, "not the password");
  await expect(b.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("Wrong username or password.");
  await fillAccountForm(b, "Sign in", username, PASSWORD);
  await expect(b.getByTestId("account-link")).toHaveText(`Signed in as ${username}`);
  await expect(b.getByTestId("course-progress")).toContainText(/^2 of \d+ exercises solved/);

  // Back on device A, the merged progress and B's draft are there.
  await page.goto("/");
  await expect(page.getByTestId("course-progress")).toContainText(/^2 of \d+ exercises solved/);
  await lesson.open("hello-elixir");
  const draftA = lesson.exercise("hello-arithmetic");
  await draftA.waitForMonaco();
  await expect(draftA.code).toHaveValue("slices = 3 * 8\n# work in progress on device B");

  // Signing out on B leaves B anonymous and empty; the account is untouched.
  await b.goto("/account");
  await b.getByRole("button", { name: "Sign out" }).click();
  await expect(b.getByTestId("account-link")).toHaveText(/Sign in to keep/);
  await expect(b.getByTestId("course-progress")).toContainText(/^0 of \d+ exercises solved/);
  await other.close();

  await page.reload();
  await expect(page.getByTestId("account-link")).toHaveText(`Signed in as ${username}`);
});
