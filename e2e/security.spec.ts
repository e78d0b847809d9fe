// Security headers and the Content-Security-Policy in a real browser: every kind of page works
// with zero CSP violations (Monaco and its worker, a run, hints, the solution, the admin charts,
// the account forms), the nonce is fresh per request, injected script and markup are refused,
// no page carries a solution or hidden test, and malformed server-action calls get typed answers.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { readCourse } from "@/lib/lessons/load";
import { contentNeedles, encodings } from "@/test/client-bundle";
import { LessonPage } from "./pages/lesson-page";

/** The second e2e server (playwright.config.ts) believes one reverse proxy in front of it (TRUST_PROXY=1). */
const trustedProxyPort = Number(process.env.E2E_UNAVAILABLE_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 100);
const ADMIN_USERNAME = process.env.E2E_ADMIN_USERNAME ?? "e2e-admin";
const ADMIN_PASSWORD = process.env.E2E_ADMIN_PASSWORD ?? "Dashboard-Key-2026!";

/** Collects CSP violations from every document the page loads, and Chromium's "Refused to …" console lines. */
async function watchCsp(page: Page): Promise<() => string[]> {
  const seen: string[] = [];
  await page.exposeFunction("__reportCspViolation", (line: string) => seen.push(line));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __reportCspViolation: (line: string) => void }).__reportCspViolation;
      report(`${e.effectiveDirective} blocked=${e.blockedURI} sample=${e.sample} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on("console", (message) => {
    if (/Refused to|Content Security Policy/i.test(message.text())) seen.push(`console: ${message.text()}`);
  });
  return () => [...seen];
}

function nonceOf(policy: string | undefined): string {
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy ?? "")?.[1];
  expect(nonce, `no nonce in ${policy}`).toBeTruthy();
  return nonce!;
}

/** Every <style> element was applied (a refused one has no sheet) and carries a nonce. */
async function expectStylesApplied(page: Page): Promise<void> {
  const styles = await page.evaluate(() => [...document.querySelectorAll("style")].map((s) => ({ applied: s.sheet !== null, nonce: s.nonce !== "" })));
  expect(styles.length).toBeGreaterThan(0);
  expect(styles.filter((s) => !s.applied || !s.nonce)).toEqual([]);
}

test("a lesson with Monaco and its worker, a run, a hint and the solution cause no CSP violation", async ({ page }) => {
  const violations = await watchCsp(page);
  const workers: string[] = [];
  page.on("worker", (worker) => workers.push(worker.url()));

  // From the course page by a client-side navigation, as a learner arrives.
  await page.goto("/");
  await page.locator('[data-testid="lesson"][data-slug="hello-elixir"]').getByRole("link", { name: "Hello, Elixir", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Hello, Elixir" })).toBeVisible();
  const lesson = new LessonPage(page);
  const exercise = lesson.exercise("hello-world");
  await exercise.submit('IO.puts("Hello, world!")', "passed");
  await expect.poll(() => workers.some((url) => new URL(url).pathname.startsWith("/_next/static/"))).toBe(true);
  // Monaco's theme stylesheet was applied: the keyword colour of the light theme is on the page.
  await expect(exercise.editor.locator(".view-line span span").first()).toBeVisible();
  await expectStylesApplied(page);

  await exercise.root.getByRole("button", { name: /^Show a hint/ }).click();
  await expect(exercise.root.getByTestId("hint")).toHaveCount(1);
  await exercise.root.getByRole("button", { name: "Show solution" }).click();
  await expect(exercise.root.getByTestId("solution")).toBeVisible();

  await page.getByRole("button", { name: "Dark theme" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/); // the nonce'd theme script ran before paint
  await lesson.exercise("hello-world").waitForMonaco();
  await expectStylesApplied(page);
  expect(violations()).toEqual([]);
});

test("script and markup injected without the nonce are refused, also after Monaco has loaded", async ({ page }) => {
  const violations = await watchCsp(page);
  // Stored XSS as an attacker would plant it: markup in the page's HTML, which keeps its real CSP header.
  const injected = [
    "<script>window.__inlineRan = true</script>",
    '<script nonce="guessed">window.__guessedRan = true</script>',
    '<script src="http://127.0.0.2:9/evil.js"></script>',
    '<img alt="" src="data:," onload="window.__handlerRan = true" onerror="window.__handlerRan = true">',
    '<style id="injected-style">body { display: none }</style>',
  ].join("");
  // Never leaves the machine: were the CSP to let the script through, this answers it.
  await page.route("http://127.0.0.2:9/**", (route) => route.fulfill({ contentType: "text/javascript", body: "window.__externalRan = true" }));
  await page.route("**/lessons/hello-elixir", async (route) => {
    const response = await route.fetch();
    expect(response.headers()["content-security-policy"]).toContain("'strict-dynamic'");
    await route.fulfill({ response, body: (await response.text()).replace("</body>", `${injected}</body>`) });
  });
  const lesson = new LessonPage(page);
  await lesson.open("hello-elixir");
  await lesson.exercise("hello-world").waitForMonaco();

  const ran = await page.evaluate(async () => {
    const w = window as unknown as Record<string, unknown>;
    // After Monaco has loaded (and given script-created style elements the nonce), markup still gets none.
    const holder = document.createElement("div");
    holder.innerHTML = '<style id="late-style">body { display: none }</style>';
    document.body.append(holder);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sheet = (id: string) => (document.getElementById(id) as HTMLStyleElement | null)?.sheet ?? null;
    return {
      inline: w.__inlineRan ?? false,
      guessed: w.__guessedRan ?? false,
      external: w.__externalRan ?? false,
      handler: w.__handlerRan ?? false,
      style: sheet("injected-style") !== null,
      lateStyle: sheet("late-style") !== null,
      bodyShown: getComputedStyle(document.body).display !== "none",
    };
  });
  expect(ran).toEqual({ inline: false, guessed: false, external: false, handler: false, style: false, lateStyle: false, bodyShown: true });
  const seen = violations().join("\n");
  expect(seen).toMatch(/script-src-elem blocked=inline/);
  expect(seen).toMatch(/script-src-elem blocked=http:\/\/127\.0\.0\.2:9\/evil\.js/);
  expect(seen).toMatch(/script-src-attr blocked=inline/);
  expect(seen).toMatch(/style-src-elem blocked=inline/);
});

test("the admin dashboard with its charts and the account page cause no CSP violation", async ({ page, context }) => {
  const violations = await watchCsp(page);
  await page.goto("/admin/sign-in");
  await page.getByLabel("Username", { exact: true }).fill(ADMIN_USERNAME);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByTestId("chart").first()).toBeVisible();
  await expect(page.getByTestId("chart").first().locator("svg").first()).toBeVisible();
  await page.getByRole("link", { name: "Lessons & exercises" }).click();
  await expect(page.getByTestId("table-exercises")).toBeVisible();

  const username = `csp-${Date.now().toString(36)}`;
  await page.goto("/account");
  const signUp = page.getByRole("form", { name: "Create an account" });
  await signUp.getByLabel("Username").fill(username);
  await signUp.getByLabel("Password").fill("Long-enough-passphrase-1");
  await signUp.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("account-link")).toHaveText(`Signed in as ${username}`);
  await page.goto("/account");
  await expect(page.getByTestId("signed-in-as")).toContainText(username);

  const cookies = await context.cookies();
  for (const name of ["learner", "learner_session"]) {
    expect(cookies.find((c) => c.name === name), name).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  }
  expect(cookies.find((c) => c.name === "admin_session")).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/admin" });
  expect(violations()).toEqual([]);
});

test("every response carries the security headers, with a fresh nonce on each page", async ({ request }) => {
  const first = await request.get("/");
  const second = await request.get("/");
  const policy = first.headers()["content-security-policy"];
  const nonce = nonceOf(policy);
  expect(nonceOf(second.headers()["content-security-policy"])).not.toBe(nonce);
  expect(policy).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
  expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'", "img-src 'self' data:", "font-src 'self'", "connect-src 'self'", "worker-src 'self'"]) {
    expect(policy).toContain(directive);
  }
  expect(policy).not.toContain("upgrade-insecure-requests");

  // Every script of the page carries this response's nonce.
  const html = await first.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(1);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  const asset = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
  expect(asset).toBeTruthy();
  for (const response of [first, await request.get(asset!), await request.get("/admin/export/daily", { maxRedirects: 0 }), await request.get("/no-such-page")]) {
    const h = response.headers();
    expect(h["x-content-type-options"], response.url()).toBe("nosniff");
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["permissions-policy"]).toContain("camera=()");
    expect(h["permissions-policy"]).toContain("microphone=()");
    expect(h["permissions-policy"]).toContain("geolocation=()");
    expect(h["cross-origin-opener-policy"]).toBe("same-origin");
    expect(h["strict-transport-security"]).toBeUndefined();
    expect(h["x-powered-by"]).toBeUndefined();
  }

  // A client cannot claim HTTPS by itself: with no trusted proxy (TRUST_PROXY=0) scripts/server.mjs
  // overwrites X-Forwarded-Proto with the socket's scheme.
  const claimed = await request.get("/", { headers: { "x-forwarded-proto": "https", cookie: "" } });
  expect(claimed.headers()["strict-transport-security"]).toBeUndefined();
  expect(claimed.headers()["content-security-policy"]).not.toContain("upgrade-insecure-requests");

  // Behind a trusted HTTPS proxy (the second e2e server runs with TRUST_PROXY=1): HSTS, upgraded
  // subresources, and a Secure learner cookie.
  const https = await request.get(`http://127.0.0.1:${trustedProxyPort}/`, { headers: { "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.9", cookie: "" } });
  expect(https.headers()["strict-transport-security"]).toMatch(/max-age=\d+/);
  expect(https.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");
  const cookie = https.headersArray().find((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith("learner="))?.value ?? "";
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=lax/i);
  expect(cookie).toMatch(/Secure/i);
});

test("no lesson page (HTML or RSC payload) carries a solution, hidden test or expected output", async ({ request }) => {
  const { lessons } = await readCourse(path.resolve("content"));
  const { needles } = contentNeedles(lessons);
  expect(needles.length).toBeGreaterThan(50);
  const forms = needles.map((n) => ({ label: n.label, forms: encodings(n.value) }));
  for (const lesson of lessons.filter((l) => !l.frontmatter.draft)) {
    const url = `/lessons/${lesson.frontmatter.slug}`;
    for (const response of [await request.get(url), await request.get(url, { headers: { RSC: "1" } })]) {
      expect(response.status(), url).toBe(200);
      const body = await response.text();
      const found = forms.filter((f) => f.forms.some((form) => body.includes(form))).map((f) => f.label);
      expect(found, url).toEqual([]);
    }
  }
});

/** Server action ids from the build this server runs. */
function actionId(file: string, name: string): string {
  const manifest = JSON.parse(fs.readFileSync(".next/server/server-reference-manifest.json", "utf8")) as { node: Record<string, { filename: string; exportedName: string }> };
  const id = Object.entries(manifest.node).find(([, a]) => a.filename === file && a.exportedName === name)?.[0];
  if (!id) throw new Error(`no server action ${name} in ${file}`);
  return id;
}

async function callAction(request: APIRequestContext, page: string, id: string, body: string | Buffer, contentType = "text/plain;charset=UTF-8") {
  const response = await request.post(page, { headers: { "Next-Action": id, "Content-Type": contentType }, data: body, maxRedirects: 0 });
  return { status: response.status(), headers: response.headers(), text: await response.text() };
}

test("malformed server-action calls get typed failures or a 4xx, never a 500 or a stack trace", async ({ request }) => {
  const hint = actionId("app/lessons/[slug]/actions.ts", "revealHintAction");
  const solution = actionId("app/lessons/[slug]/actions.ts", "viewSolutionAction");
  const learnerSignIn = actionId("app/account/actions.ts", "signInAction");
  const adminSignIn = actionId("app/admin/actions.ts", "signIn");
  const lesson = "/lessons/hello-elixir";

  const typed: [string, string, string, RegExp][] = [
    [lesson, hint, JSON.stringify([{ not: "a string" }, "0"]), /"ok":false,"message":"Unknown hint\."/],
    [lesson, hint, JSON.stringify(["hello-world", 1e12]), /"ok":false,"message":"Unknown hint\."/],
    [lesson, hint, JSON.stringify([]), /"ok":false,"message":"Unknown hint\."/],
    [lesson, solution, JSON.stringify(["x".repeat(50_000)]), /"ok":false,"message":"Unknown exercise\."/],
    [lesson, solution, JSON.stringify([["hello-world"]]), /"ok":false,"message":"Unknown exercise\."/],
    ["/account", learnerSignIn, JSON.stringify([null, "not a form"]), /Check the form/],
    ["/admin/sign-in", adminSignIn, JSON.stringify([null, 42]), /Enter your username and password\./],
  ];
  for (const [url, id, body, expected] of typed) {
    const answer = await callAction(request, url, id, body);
    expect(answer.status, body.slice(0, 80)).toBe(200);
    expect(answer.text).toMatch(expected);
    expect(answer.text).not.toMatch(/\bat \S+ \(|Error:/);
  }

  // A form with an oversized username: refused by the schema before any hashing.
  const form = new FormData();
  form.set("0", JSON.stringify(["$K1", "$undefined"]));
  form.set("1_username", "u".repeat(10_000));
  form.set("1_password", "whatever-password");
  const multipart = await request.post("/account", { headers: { "Next-Action": learnerSignIn }, multipart: form, maxRedirects: 0 });
  expect(multipart.status()).toBe(200);
  expect(await multipart.text()).toContain("Check the form");

  // Refused in proxy.ts with a 4xx before Next decodes anything.
  const garbage = await callAction(request, lesson, hint, "this is not JSON");
  expect(garbage.status).toBe(400);
  expect(JSON.parse(garbage.text)).toMatchObject({ kind: "invalid" });
  const huge = await callAction(request, lesson, hint, JSON.stringify(["hello-world", "x".repeat(300_000)]));
  expect(huge.status).toBe(413);
  expect(JSON.parse(huge.text)).toMatchObject({ kind: "invalid" });
  const wrongType = await callAction(request, lesson, hint, "{}", "application/json");
  expect(wrongType.status).toBe(415);

  // An action id this build does not know: Next's own answer, a 4xx that says so.
  const unknown = await callAction(request, lesson, "7f".padEnd(42, "0"), JSON.stringify([]));
  expect(unknown.status).toBeGreaterThanOrEqual(400);
  expect(unknown.status).toBeLessThan(500);
  expect(unknown.headers["x-nextjs-action-not-found"]).toBe("1");
});
