// The exercise page runs code through its server action, as the network panel shows it: one POST
// to the lesson page's own URL with a Next-Action header, and none to /api/runs.
import { expect, test, type Request } from "@playwright/test";
import { LessonPage } from "./pages/lesson-page";

test("Run posts to the page's server action, not to /api/runs", async ({ page }) => {
  const posts: Request[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(request);
  });
  const lesson = new LessonPage(page);
  await lesson.open("hello-elixir");
  const exercise = lesson.exercise("hello-world");
  await exercise.write('IO.puts("Hello, world!")');
  const seen = posts.length;
  await exercise.run();
  await exercise.expectStatus("passed");

  const runs = posts.slice(seen).filter((request) => new URL(request.url()).pathname === "/lessons/hello-elixir");
  const run = runs.find((request) => request.postData()?.includes("Hello, world!"));
  expect(run, "a POST to the lesson page carrying the code").toBeDefined();
  expect(await run!.headerValue("next-action")).toMatch(/^[0-9a-f]{40,}$/);
  expect(posts.filter((request) => new URL(request.url()).pathname === "/api/runs")).toEqual([]);
});
