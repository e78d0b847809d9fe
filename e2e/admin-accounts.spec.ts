// Admin accounts end to end: an admin lists the admins, disables another one (whose open session
// ends at once and whose sign-in is refused), resets a third one's password, and changes their
// own; nothing on these pages is wider than a 1280 px window. The admins are seeded here, so the
// shared e2e admin of the other specs keeps its password.
import path from "node:path";
import argon2 from "argon2";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { AdminPages } from "./pages/admin-pages";

const DB_FILE = path.resolve("data/e2e.db");
const LEAD = { username: "e2e-ops-lead", password: "Lighthouse-Keeper-31" };
const TWO = { username: "e2e-ops-two", password: "Orchard-Ladder-58!" };
const THREE = { username: "e2e-ops-three", password: "Granite-Canoe-74!" };

test.beforeAll(async () => {
  const hashes = await Promise.all([LEAD, TWO, THREE].map((a) => argon2.hash(a.password, { type: argon2.argon2id })));
  const db = new Database(DB_FILE);
  try {
    const insert = db.prepare(
      `INSERT INTO Admin (id, username, passwordHash, createdAt, disabledAt) VALUES (?, ?, ?, ?, NULL)
       ON CONFLICT(username) DO UPDATE SET passwordHash = excluded.passwordHash, disabledAt = NULL`,
    );
    db.transaction(() => {
      [LEAD, TWO, THREE].forEach((a, i) => insert.run(`${a.username}-id`, a.username, hashes[i], "2026-01-01T00:00:00.000+00:00"));
    })();
  } finally {
    db.close();
  }
});

test.use({ viewport: { width: 1280, height: 900 } });

test("an admin disables another admin, whose session ends at once and who can no longer sign in", async ({ page, browser }) => {
  // The second admin is signed in elsewhere.
  const elsewhere = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const other = new AdminPages(await elsewhere.newPage());
  await other.signIn(TWO.username, TWO.password);

  const admin = new AdminPages(page);
  await admin.signIn(LEAD.username, LEAD.password);
  await page.getByRole("link", { name: "Admins", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/admins$/);
  await expect(page.getByRole("heading", { name: "Admins" })).toBeVisible();
  const table = admin.table("table-admins");
  for (const name of [LEAD.username, TWO.username, THREE.username]) await expect(table.getByTestId(`admin-row-${name}`)).toBeVisible();
  // No way to disable oneself.
  await expect(table.getByRole("button", { name: `Disable ${LEAD.username}` })).toHaveCount(0);
  const row = table.getByTestId(`admin-row-${TWO.username}`);
  await expect(row.getByTestId("admin-status")).toHaveText("Active");
  await expect(row.getByTestId("admin-sessions")).toHaveText("1");
  expect(await admin.overflowingElements()).toEqual([]);

  await row.getByRole("button", { name: `Disable ${TWO.username}` }).click();
  await expect(row.getByTestId("admin-status")).toContainText("Disabled");
  await expect(row.getByTestId("admin-sessions")).toHaveText("0");
  await expect(row.getByRole("button", { name: `Enable ${TWO.username}` })).toBeVisible();

  // The open session is gone at the next request, and the right password no longer signs in.
  await other.page.goto("/admin/submissions");
  await expect(other.page).toHaveURL(/\/admin\/sign-in$/);
  await other.page.getByLabel("Username", { exact: true }).fill(TWO.username);
  await other.page.getByLabel("Password", { exact: true }).fill(TWO.password);
  await other.page.getByRole("button", { name: "Sign in" }).click();
  await expect(other.page.locator("form").getByRole("alert")).toHaveText(/This admin account is disabled/);
  await expect(other.page).toHaveURL(/\/admin\/sign-in$/);
  await elsewhere.close();
});

test("an admin resets another admin's password and changes their own", async ({ page, browser }) => {
  const admin = new AdminPages(page);
  await admin.signIn(LEAD.username, LEAD.password);

  // Another admin's password, confirmed with one's own.
  await page.goto("/admin/admins");
  await admin.table("table-admins").getByTestId(`admin-row-${THREE.username}`).getByRole("link", { name: "Reset" }).click();
  await expect(page.getByRole("heading", { name: `Reset the password of ${THREE.username}` })).toBeVisible();
  expect(await admin.overflowingElements()).toEqual([]);
  const newThree = "Velvet-Compass-Ridge-9";
  await page.getByLabel("Your password", { exact: true }).fill(LEAD.password);
  await page.getByLabel("New password", { exact: true }).fill(newThree);
  await page.getByLabel("Repeat the new password", { exact: true }).fill(newThree);
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByRole("status")).toHaveText(new RegExp(`"${THREE.username}" has a new password`));
  const third = await browser.newContext();
  await new AdminPages(await third.newPage()).signIn(THREE.username, newThree);
  await third.close();

  // One's own password: a mismatch and a weak one are refused with a reason, then the change works.
  await page.getByTestId("admin-name").click();
  await expect(page).toHaveURL(/\/admin\/account$/);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  expect(await admin.overflowingElements()).toEqual([]);
  const form = page.getByTestId("password-form");
  const fill = async (current: string, next: string, confirm: string) => {
    await form.getByLabel("Current password", { exact: true }).fill(current);
    await form.getByLabel("New password", { exact: true }).fill(next);
    await form.getByLabel("Repeat the new password", { exact: true }).fill(confirm);
    await form.getByRole("button", { name: "Change password" }).click();
  };
  const newLead = "Saffron-Bicycle-Meadow-3";
  await fill(LEAD.password, newLead, `${newLead}x`);
  await expect(form.getByRole("alert")).toHaveText("The new password and its confirmation differ.");
  await fill(LEAD.password, "aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa");
  await expect(form.getByRole("alert")).toHaveText("The new password uses too few different characters.");
  await fill(LEAD.password, newLead, newLead);
  await expect(form.getByRole("status")).toHaveText(/Your password is changed/);
  // Still signed in here; the old password no longer works, the new one does.
  await page.goto("/admin/admins");
  await expect(page.getByRole("heading", { name: "Admins" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/admin\/sign-in$/);
  await page.getByLabel("Username", { exact: true }).fill(LEAD.username);
  await page.getByLabel("Password", { exact: true }).fill(LEAD.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toHaveText("Wrong username or password.");
  await admin.signIn(LEAD.username, newLead);
});
