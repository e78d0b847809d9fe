import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { LessonErrors } from "./lesson-error";
import { syncLessons } from "./sync";

const lesson = (exercises: string[], extra = "") => `---
title: Sync test
slug: sync-test
order: 900
part: basics
summary: Used by the sync tests.
minutes: 7
---
${extra}
${exercises
  .map(
    (id) => `<Exercise id="${id}" title="Exercise ${id}">

Print ${id}.

\`\`\`elixir starter
\`\`\`

\`\`\`elixir solution
IO.puts("${id}")
\`\`\`

\`\`\`text expected
${id}
\`\`\`

</Exercise>
`,
  )
  .join("\n")}`;

const contentDir = fs.mkdtemp(path.join(os.tmpdir(), "lessons-"));

/** The one lesson file of a scratch content folder, rewritten with `source`. */
async function contentWith(source: string): Promise<string> {
  const dir = await contentDir;
  await fs.writeFile(path.join(dir, "01-sync-test.mdx"), source);
  return dir;
}

afterAll(async () => {
  await syncLessons(db, path.join(process.cwd(), "content"));
  await fs.rm(await contentDir, { recursive: true, force: true });
});

describe("syncLessons", () => {
  it("creates, then changes nothing on a second run, then archives a removed exercise and keeps its submissions", async () => {
    const first = await syncLessons(db, await contentWith(lesson(["sync-a", "sync-b"])));
    expect(first.exercises.created).toEqual(expect.arrayContaining(["sync-a", "sync-b"]));

    const again = await syncLessons(db, await contentWith(lesson(["sync-a", "sync-b"])));
    expect(again.lessons.unchanged).toEqual(["sync-test"]);
    expect(again.exercises.unchanged).toEqual(["sync-a", "sync-b"]);
    expect(again.exercises.created).toEqual([]);

    const learnerId = randomUUID();
    await db.learner.create({ data: { id: learnerId } });
    await db.submission.create({
      data: { exerciseId: "sync-b", learnerId, code: "x", outcome: "ok", verdict: "passed", passed: true, stdout: "", stderr: "", durationMs: 1 },
    });

    const removed = await syncLessons(db, await contentWith(lesson(["sync-a"])));
    expect(removed.exercises.archived).toContain("sync-b");
    const archived = await db.exercise.findUniqueOrThrow({ where: { id: "sync-b" } });
    expect(archived.archivedAt).not.toBeNull();
    expect(await db.submission.count({ where: { exerciseId: "sync-b", learnerId } })).toBe(1);

    const back = await syncLessons(db, await contentWith(lesson(["sync-a", "sync-b"])));
    expect(back.exercises.updated).toContain("sync-b");
    expect((await db.exercise.findUniqueOrThrow({ where: { id: "sync-b" } })).archivedAt).toBeNull();
  });

  it("stores minutes, prerequisites, draft, test-checked exercises, visible tests and hints; a changed hint is an update", async () => {
    const course = await fs.mkdtemp(path.join(os.tmpdir(), "lessons-"));
    const first = `---
title: Basics
slug: sync-basics
order: 901
part: basics
summary: First.
minutes: 3
---

<Exercise id="sync-out" title="Output">

Print ok.

\`\`\`elixir starter
\`\`\`

\`\`\`elixir solution
IO.puts("ok")
\`\`\`

\`\`\`text expected
ok
\`\`\`

</Exercise>
`;
    const second = (hint: string) => `---
title: Functions
slug: sync-functions
order: 902
part: basics
summary: Second.
minutes: 12
prerequisites: [sync-basics]
draft: true
---

<Exercise id="sync-tests" title="Add" showTests>

Write \`Calc.add/2\`.

\`\`\`elixir starter
defmodule Calc do
end
\`\`\`

\`\`\`elixir solution
defmodule Calc do
  def add(a, b), do: a + b
end
\`\`\`

\`\`\`elixir tests
test "adds" do
  assert Calc.add(1, 2) == 3
end
\`\`\`

<Hint>Use \`def\`.</Hint>

<Hint>
  ${hint}

  \`\`\`elixir
  def add(a, b), do: a + b
  \`\`\`
</Hint>

</Exercise>
`;
    await fs.writeFile(path.join(course, "01-basics.mdx"), first);
    await fs.mkdir(path.join(course, "02-functions"));
    await fs.writeFile(path.join(course, "02-functions", "index.mdx"), second("Return **the sum**."));
    try {
      const created = await syncLessons(db, course);
      expect(created.lessons.created).toEqual(["sync-basics", "sync-functions"]);

      const functions = await db.lesson.findUniqueOrThrow({ where: { slug: "sync-functions" } });
      expect(functions).toMatchObject({ minutes: 12, prerequisites: '["sync-basics"]', draft: true, title: "Functions" });
      expect(await db.lesson.findUniqueOrThrow({ where: { slug: "sync-basics" } })).toMatchObject({ minutes: 3, prerequisites: "[]", draft: false });

      const tests = await db.exercise.findUniqueOrThrow({ where: { id: "sync-tests" } });
      expect(tests).toMatchObject({ check: "tests", expectedOutput: null, testsVisible: true, lessonId: functions.id });
      expect(tests.tests).toBe('test "adds" do\n  assert Calc.add(1, 2) == 3\nend');
      expect(JSON.parse(tests.hints)).toEqual(["Use `def`.", "Return **the sum**.\n\n```elixir\ndef add(a, b), do: a + b\n```"]);
      expect(await db.exercise.findUniqueOrThrow({ where: { id: "sync-out" } })).toMatchObject({ check: "output", expectedOutput: "ok", tests: null, testsVisible: false, hints: "[]" });

      const again = await syncLessons(db, course);
      expect(again.lessons).toEqual({ created: [], updated: [], unchanged: ["sync-basics", "sync-functions"], hidden: [] });
      expect(again.exercises).toEqual({ created: [], updated: [], unchanged: ["sync-out", "sync-tests"], archived: expect.any(Array) });

      await fs.writeFile(path.join(course, "02-functions", "index.mdx"), second("Return *the sum*."));
      const edited = await syncLessons(db, course);
      expect(edited.exercises.updated).toEqual(["sync-tests"]);
      expect(edited.lessons.updated).toEqual(["sync-functions"]);
      expect(JSON.parse((await db.exercise.findUniqueOrThrow({ where: { id: "sync-tests" } })).hints)[1]).toMatch(/^Return \*the sum\*\./);

    } finally {
      await fs.rm(course, { recursive: true, force: true });
    }
  });

  it("hides a lesson whose file is gone, keeps its row and exercises' submissions, and shows it again when it is back", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "lessons-"));
    const one = lesson(["sync-keep"]).replace("slug: sync-test", "slug: sync-stays").replace("order: 900", "order: 910");
    const two = lesson(["sync-gone"]).replace("slug: sync-test", "slug: sync-leaves").replace("order: 900", "order: 911");
    try {
      await fs.writeFile(path.join(dir, "01.mdx"), one);
      await fs.writeFile(path.join(dir, "02.mdx"), two);
      await syncLessons(db, dir);
      await fs.rm(path.join(dir, "02.mdx"));

      const removed = await syncLessons(db, dir);
      expect(removed.lessons.hidden).toContain("sync-leaves");
      expect(removed.lessons.hidden).not.toContain("sync-stays");
      expect(removed.exercises.archived).toContain("sync-gone");
      expect((await db.lesson.findUniqueOrThrow({ where: { slug: "sync-leaves" } })).draft).toBe(true);
      expect((await db.lesson.findUniqueOrThrow({ where: { slug: "sync-stays" } })).draft).toBe(false);
      expect(await syncLessons(db, dir)).toMatchObject({ lessons: { hidden: [] }, exercises: { archived: [] } });

      await fs.writeFile(path.join(dir, "02.mdx"), two);
      const back = await syncLessons(db, dir);
      expect(back.lessons.updated).toEqual(["sync-leaves"]);
      expect((await db.lesson.findUniqueOrThrow({ where: { slug: "sync-leaves" } })).draft).toBe(false);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("stores a practice exercise as a page of kind practice after the lessons, and each lesson's part", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "lessons-"));
    const practice = `---
title: Sync practice
slug: sync-practice
summary: Print a word.
difficulty: 2
concepts: [basics]
prerequisites: [sync-test]
minutes: 4
---

<Exercise id="practice-sync" title="Print it">

\`\`\`elixir starter
\`\`\`

\`\`\`elixir solution
IO.puts("word")
\`\`\`

\`\`\`text expected
word
\`\`\`

<Hint>Use IO.puts.</Hint>

<Hint>IO.puts("word")</Hint>

</Exercise>
`;
    try {
      await fs.writeFile(path.join(dir, "01.mdx"), lesson(["sync-lesson-one"]).replace("part: basics", "part: otp"));
      await fs.mkdir(path.join(dir, "practice"));
      await fs.writeFile(path.join(dir, "practice", "sync-practice.mdx"), practice);
      const report = await syncLessons(db, dir);
      expect(report.exercises.created).toEqual(expect.arrayContaining(["sync-lesson-one", "practice-sync"]));
      const page = await db.lesson.findUniqueOrThrow({ where: { slug: "sync-practice" } });
      expect(page).toMatchObject({ kind: "practice", part: null, minutes: 4, prerequisites: '["sync-test"]', draft: false, position: 1 });
      expect(await db.lesson.findUniqueOrThrow({ where: { slug: "sync-test" } })).toMatchObject({ kind: "lesson", part: "otp", position: 0 });
      expect(await db.exercise.findUniqueOrThrow({ where: { id: "practice-sync" } })).toMatchObject({ lessonId: page.id, expectedOutput: "word", hints: '["Use IO.puts.","IO.puts(\\"word\\")"]' });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it("writes nothing when a lesson is malformed", async () => {
    const before = await db.exercise.count();
    const broken = lesson(["sync-c"]).replace("```text expected\nsync-c\n```", "");
    await expect(syncLessons(db, await contentWith(broken))).rejects.toThrow(LessonErrors);
    await expect(syncLessons(db, await contentWith(broken))).rejects.toThrow(/01-sync-test\.mdx:10: exercise "sync-c" is missing its expected block or tests block/);
    expect(await db.exercise.count()).toBe(before);
  });
});
