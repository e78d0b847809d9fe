// The exercise page runs code through POST /api/runs, as the network panel shows it: one JSON
// POST to /api/runs from the page's own origin, answered with the verdict as JSON, and no server
// action call carrying the code.
import { expect, test, type Request } from "@playwright/test";
import { LessonPage } from "./pages/lesson-page";

test("Run posts JSON to /api/runs, not to a server action", async ({ page }) => {
  const posts: Request[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(request);
  });
  const lesson = new LessonPage(page);
  await lesson.open("hello-elixir");
  const exercise = lesson.exercise("hello-world");
  await exercise.write('IO.puts("Hello, world!")');
  const seen = posts.length;
  const answered = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/runs");
  await exercise.run();
  await exercise.expectStatus("passed");

  const response = await answered;
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ kind: "verdict", verdict: { status: "passed" } });
  const run = response.request();
  expect(JSON.parse(run.postData() ?? "null")).toEqual({ exerciseId: "hello-world", code: 'IO.puts("Hello, world!")' });
  expect(await run.headerValue("content-type")).toMatch(/^application\/json/);
  expect(await run.headerValue("next-action")).toBeNull();
  const later = posts.slice(seen);
  expect(later.filter((request) => new URL(request.url()).pathname === "/api/runs")).toHaveLength(1);
  // A draft save (a server action) may carry the code too; it never posts to /api/runs.
  expect(later.filter((request) => request.headers()["next-action"] !== undefined && new URL(request.url()).pathname === "/api/runs")).toEqual([]);
});
