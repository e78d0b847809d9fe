import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { LessonError } from "./lesson-error";
import { syncLessons } from "./sync";

const lesson = (exercises: string[]) => `---
title: Sync test
slug: sync-test
order: 900
summary: Used by the sync tests.
---

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

  it("writes nothing when a lesson is malformed", async () => {
    const before = await db.exercise.count();
    const broken = lesson(["sync-c"]).replace("```text expected\nsync-c\n```", "");
    await expect(syncLessons(db, await contentWith(broken))).rejects.toThrow(LessonError);
    expect(await db.exercise.count()).toBe(before);
  });
});
