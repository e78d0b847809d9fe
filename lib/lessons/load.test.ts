import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LessonErrors } from "./lesson-error";
import { loadLessons, readCourse } from "./load";

const lesson = ({ slug, order, exercise, more = "" }: { slug: string; order: number; exercise: string; more?: string }) => `---
title: Lesson ${slug}
slug: ${slug}
order: ${order}
summary: For the course tests.
minutes: 5
${more}---

<Exercise id="${exercise}" title="Exercise">

\`\`\`elixir starter
\`\`\`

\`\`\`elixir solution
IO.puts(1)
\`\`\`

\`\`\`text expected
1
\`\`\`

</Exercise>
`;

const dirs: string[] = [];
async function course(files: Record<string, string>): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "course-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), text);
  }
  return dir;
}

afterEach(async () => {
  for (const dir of dirs.splice(0)) await fs.rm(dir, { recursive: true, force: true });
});

describe("readCourse", () => {
  it("orders lessons by their order field and reads folder lessons (index.mdx)", async () => {
    const dir = await course({
      "a.mdx": lesson({ slug: "second", order: 2, exercise: "ex-b" }),
      "b/index.mdx": lesson({ slug: "first", order: 1, exercise: "ex-a" }),
      "notes.txt": "not a lesson",
    });
    const lessons = await loadLessons(dir);
    expect(lessons.map((l) => l.frontmatter.slug)).toEqual(["first", "second"]);
  });

  it("reports every course-wide problem with its file and line", async () => {
    const dir = await course({
      "01.mdx": lesson({ slug: "one", order: 1, exercise: "shared", more: "draft: true\n" }),
      "02.mdx": lesson({ slug: "one", order: 1, exercise: "shared" }),
      "03.mdx": lesson({ slug: "three", order: 3, exercise: "ex-three", more: "prerequisites: [one, missing, three]\n" }),
      "04.mdx": "# no frontmatter\n",
    });
    const { errors } = await readCourse(dir);
    const rel = (name: string) => path.join(dir, name); // outside the working directory, so shown absolute
    expect(errors.map((e) => e.message)).toEqual([
      `${rel("04.mdx")}:1: missing frontmatter: the file must start with a --- block (title, slug, order, summary, minutes)`,
      `${rel("02.mdx")}:3: slug "one" is already used by ${rel("01.mdx")}`,
      `${rel("02.mdx")}:4: order 1 is already used by ${rel("01.mdx")}`,
      `${rel("02.mdx")}:9: exercise id "shared" is already used in ${rel("01.mdx")}:10`,
      `${rel("03.mdx")}:7: prerequisite "one" is a draft, which learners cannot see`,
      `${rel("03.mdx")}:7: prerequisite "missing" is not a lesson in the course`,
      `${rel("03.mdx")}:7: lists itself as a prerequisite`,
    ]);
    await expect(loadLessons(dir)).rejects.toThrow(LessonErrors);
  });

  it("re-parses only changed files and returns the cached course when nothing changed", async () => {
    const dir = await course({
      "01.mdx": lesson({ slug: "one", order: 1, exercise: "ex-one" }),
      "02.mdx": lesson({ slug: "two", order: 2, exercise: "ex-two" }),
    });
    const first = await readCourse(dir);
    expect(await readCourse(dir)).toBe(first);

    const file = path.join(dir, "02.mdx");
    await fs.writeFile(file, lesson({ slug: "two", order: 2, exercise: "ex-renamed" }));
    const later = new Date(Date.now() + 5_000);
    await fs.utimes(file, later, later);
    const second = await readCourse(dir);
    expect(second).not.toBe(first);
    expect(second.lessons[0]).toBe(first.lessons[0]);
    expect(second.lessons[1]?.exercises[0]?.id).toBe("ex-renamed");
  });
});
