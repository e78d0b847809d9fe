import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LessonErrors } from "./lesson-error";
import { loadLessons, readCourse } from "./load";

const lesson = ({ slug, order, exercise, more = "", part = "basics" }: { slug: string; order: number; exercise: string; more?: string; part?: string }) => `---
title: Lesson ${slug}
slug: ${slug}
order: ${order}
part: ${part}
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
  it("with named files, reads only those in full and the others' frontmatter and exercise ids", async () => {
    const dir = await course({
      "a.mdx": lesson({ slug: "first", order: 1, exercise: "ex-shared" }),
      // Broken MDX in a file not named: not parsed, so not reported; its frontmatter still counts.
      "b.mdx": lesson({ slug: "second", order: 2, exercise: "ex-b", more: "prerequisites: [first]\n" }).replace("</Exercise>", "<Oops"),
      "c.mdx": lesson({ slug: "third", order: 3, exercise: "ex-shared", more: "prerequisites: [second, missing]\n" }),
    });
    const named = path.relative(process.cwd(), path.join(dir, "c.mdx"));
    const course1 = await readCourse(dir, { only: [named] });
    expect(course1.lessons.map((l) => l.frontmatter.slug)).toEqual(["first", "second", "third"]);
    const problems = course1.errors.map((e) => `${path.basename(e.file)}:${e.line}: ${e.problem}`);
    expect(problems).toEqual([
      expect.stringMatching(/^c\.mdx:\d+: exercise id "ex-shared" is already used in .*a\.mdx:\d+$/),
      expect.stringMatching(/^c\.mdx:\d+: prerequisite "missing" is not a lesson in the course$/),
    ]);
    // The named file is read in full; the others are outlines with no examples and no code.
    const third = course1.lessons.find((l) => l.frontmatter.slug === "third");
    expect(third?.exercises[0]?.solution).toBe("IO.puts(1)");
    const first = course1.lessons.find((l) => l.frontmatter.slug === "first");
    expect(first?.exercises.map((e) => [e.id, e.line])).toEqual([["ex-shared", 10]]);
    expect(first?.exercises[0]?.solution).toBe("");
    // Read whole, the broken file is reported.
    const whole = await readCourse(dir);
    expect(whole.errors.some((e) => path.basename(e.file) === "b.mdx" && /MDX syntax error/.test(e.problem))).toBe(true);
  });

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
      `${rel("04.mdx")}:1: missing frontmatter: the file must start with a --- block (title, slug, order, part, summary, minutes)`,
      `${rel("02.mdx")}:3: slug "one" is already used by ${rel("01.mdx")}`,
      `${rel("02.mdx")}:4: order 1 is already used by ${rel("01.mdx")}`,
      `${rel("02.mdx")}:10: exercise id "shared" is already used in ${rel("01.mdx")}:11`,
      `${rel("03.mdx")}:8: prerequisite "one" is a draft, which learners cannot see`,
      `${rel("03.mdx")}:8: prerequisite "missing" is not a lesson in the course`,
      `${rel("03.mdx")}:8: lists itself as a prerequisite`,
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

  it("reads practice/ and parts/ as practice exercises and part pages, never as lessons, and checks them against the course", async () => {
    const practice = (slug: string, id: string, prerequisites: string) =>
      lesson({ slug, order: 0, exercise: id })
        .replace(/order: 0\npart: basics\n/, "")
        .replace("minutes: 5\n", `difficulty: 1\nconcepts: [basics]\nprerequisites: [${prerequisites}]\nminutes: 5\n`);
    const part = (slug: string, order: number) => `---\ntitle: Part ${slug}\nslug: ${slug}\norder: ${order}\nsummary: A part.\n---\n\nProse.\n`;
    const dir = await course({
      "01.mdx": lesson({ slug: "one", order: 1, exercise: "ex-one" }),
      "02.mdx": lesson({ slug: "two", order: 2, exercise: "ex-two", part: "otp" }),
      "03.mdx": lesson({ slug: "three", order: 3, exercise: "ex-three", part: "abstractions" }),
      "practice/index.mdx": practice("easy", "practice-easy", "one"),
      "practice/b.mdx": practice("hard", "practice-easy", "missing"),
      "practice/c.mdx": practice("one", "practice-c", "two"),
      "parts/basics.mdx": part("basics", 1),
      "parts/index.mdx": part("otp", 4),
    });
    const { files, lessons, practiceFiles, practice: exercises, parts, errors } = await readCourse(dir);
    const rel = (name: string) => path.join(dir, name);
    expect(files).toEqual([rel("01.mdx"), rel("02.mdx"), rel("03.mdx")]);
    expect(lessons.map((l) => l.frontmatter.slug)).toEqual(["one", "two", "three"]);
    expect(practiceFiles).toEqual([rel("practice/b.mdx"), rel("practice/c.mdx"), rel("practice/index.mdx")]);
    expect(exercises.map((p) => p.frontmatter.slug)).toEqual(["easy", "hard", "one"]);
    expect(parts.map((p) => p.frontmatter.slug)).toEqual(["basics", "otp"]);
    expect(errors.map((e) => e.message)).toEqual([
      `${rel("03.mdx")}:5: part "abstractions" comes before "otp" in the course, but this lesson's order (3) is after ${rel("02.mdx")} (2): the parts must follow one another (basics, data-and-functions, abstractions, otp)`,
      `${rel("practice/b.mdx")}:11: exercise id "practice-easy" is already used in ${rel("practice/index.mdx")}:11`,
      `${rel("practice/c.mdx")}:3: slug "one" is already used by ${rel("01.mdx")}`,
      `${rel("practice/b.mdx")}:7: prerequisite "missing" is not a lesson in the course`,
    ]);
  });
});
