import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LessonError } from "./lesson-error";
import { parseLesson } from "./parse";

const frontmatter = `---
title: Test lesson
slug: test-lesson
order: 1
summary: A lesson for tests.
---
`;

function exercise(body: string, props = 'id="ex-one" title="One"'): string {
  return `${frontmatter}
Intro text.

<Exercise ${props}>

Do the thing.

${body}
</Exercise>
`;
}

const blocks = "```elixir starter\n# go\n```\n\n```elixir solution\nIO.puts(1)\n```\n\n```text expected\n1\n```\n";

function errorOf(source: string): LessonError {
  try {
    parseLesson("content/test.mdx", source);
  } catch (error) {
    if (error instanceof LessonError) return error;
    throw error;
  }
  throw new Error("expected a LessonError");
}

describe("parseLesson", () => {
  it("reads frontmatter and exercises with their blocks and lines", () => {
    const lesson = parseLesson("content/test.mdx", exercise(blocks));
    expect(lesson.frontmatter).toEqual({ title: "Test lesson", slug: "test-lesson", order: 1, summary: "A lesson for tests." });
    expect(lesson.exercises).toEqual([
      { id: "ex-one", title: "One", position: 0, line: 10, starterCode: "# go", solution: "IO.puts(1)", expectedOutput: "1" },
    ]);
  });

  it("keeps line numbers of the body equal to the file's", () => {
    const lesson = parseLesson("content/test.mdx", exercise(blocks));
    expect(lesson.body.split("\n")[9]).toBe('<Exercise id="ex-one" title="One">');
  });

  it("parses the real course lessons", () => {
    const dir = path.join(process.cwd(), "content");
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".mdx"))) {
      const lesson = parseLesson(name, fs.readFileSync(path.join(dir, name), "utf8"));
      expect(lesson.exercises.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ["missing frontmatter", "# Just text\n", 1, /missing frontmatter/],
    ["bad YAML", "---\ntitle: [oops\n---\n", null, /not valid YAML/],
    ["a missing field", "---\ntitle: T\nslug: t\norder: 1\n---\n", 1, /"summary"/],
    ["a bad slug", "---\ntitle: T\nslug: Bad Slug\norder: 1\nsummary: s\n---\n", 3, /"slug"/],
    ["an unknown field", "---\ntitle: T\nslug: t\norder: 1\nsummary: s\ncolour: red\n---\n", 1, /colour/],
    ["broken MDX", `${frontmatter}\n<Exercise id="a" title="b">\n\ntext\n`, 8, /MDX syntax error/],
    ["a missing expected block", exercise("```elixir starter\n\n```\n\n```elixir solution\nIO.puts(1)\n```\n"), 10, /missing its expected block/],
    ["an unknown prop", exercise(blocks, 'id="ex-one" title="One" level="easy"'), 10, /unknown prop "level"/],
    ["a missing id", exercise(blocks, 'title="One"'), 10, /needs an id/],
    ["an expression prop", exercise(blocks, 'id={"x"} title="One"'), 10, /quoted string/],
    ["an empty solution", exercise("```elixir starter\n\n```\n\n```elixir solution\n\n```\n\n```text expected\n1\n```\n"), 18, /empty solution/],
  ])("names the file and line for %s", (_name, source, line, message) => {
    const error = errorOf(source);
    expect(error.file).toBe("content/test.mdx");
    if (line !== null) expect(error.line).toBe(line);
    else expect(error.line).toBeGreaterThan(0);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`content/test.mdx:${error.line}: `)).toBe(true);
  });

  it("rejects duplicate exercise ids in one lesson", () => {
    const twice = exercise(blocks) + `\n<Exercise id="ex-one" title="Again">\n\n${blocks}\n</Exercise>\n`;
    expect(errorOf(twice).message).toMatch(/duplicate exercise id "ex-one" \(first used on line 10\)/);
  });
});
