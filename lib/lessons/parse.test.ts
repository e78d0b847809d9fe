import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LessonError } from "./lesson-error";
import { checkLesson, exampleId, exerciseCheck, parseLesson } from "./parse";

const frontmatter = `---
title: Test lesson
slug: test-lesson
order: 1
summary: A lesson for tests.
minutes: 5
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
    expect(lesson.frontmatter).toEqual({ title: "Test lesson", slug: "test-lesson", order: 1, summary: "A lesson for tests.", minutes: 5, prerequisites: [], draft: false });
    expect(lesson.exercises).toEqual([
      {
        id: "ex-one",
        title: "One",
        position: 0,
        line: 11,
        starterCode: "# go",
        solution: "IO.puts(1)",
        check: "output",
        expectedOutput: "1",
        tests: null,
        testsVisible: false,
        hints: [],
      },
    ]);
  });

  it("reads a test-checked exercise with showTests, ordered Markdown hints, and runnable examples", () => {
    const source = `${frontmatter}
\`\`\`elixir run
IO.puts("hi")
\`\`\`

<Exercise id="calc-add" title="Add" showTests>

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

<Hint>Start with \`def add(a, b)\`.</Hint>
<Hint>
  Return **the sum**:

  \`\`\`elixir
  a + b
  \`\`\`
</Hint>

</Exercise>

<Exercise id="hidden" title="Hidden tests" showTests={false}>

\`\`\`elixir starter
\`\`\`

\`\`\`elixir solution
defmodule M do
  def f, do: 1
end
\`\`\`

\`\`\`elixir tests
test "f" do
  assert M.f() == 1
end
\`\`\`

</Exercise>
`;
    const lesson = parseLesson("content/test.mdx", source);
    expect(lesson.examples).toEqual([{ id: exampleId("elixir", 'IO.puts("hi")'), lang: "elixir", code: 'IO.puts("hi")', line: 9 }]);
    expect(lesson.examples[0]?.id).toMatch(/^[0-9a-f]{16}$/);
    const [add, hidden] = lesson.exercises;
    expect(add).toMatchObject({
      id: "calc-add",
      check: "tests",
      expectedOutput: null,
      tests: 'test "adds" do\n  assert Calc.add(1, 2) == 3\nend',
      testsVisible: true,
      hints: ["Start with `def add(a, b)`.", "Return **the sum**:\n\n```elixir\na + b\n```"],
    });
    expect(hidden).toMatchObject({ id: "hidden", position: 1, check: "tests", testsVisible: false, hints: [] });
    expect(exerciseCheck(add!)).toEqual({ kind: "tests" });
    expect(exerciseCheck(lesson.exercises[1]!)).toEqual({ kind: "tests" });
  });

  it("parseLesson throws the first problem as a LessonError", () => {
    const error = errorOf(`${frontmatter}\n<Quiz />\n\n<Other />\n`);
    expect(error.message).toBe("content/test.mdx:9: unknown component <Quiz> (lessons can use <Exercise>, <Hint> inside an exercise, <Callout>, and <br> <kbd> <sub> <sup> <abbr> <mark> <details> <summary> <small>)");
  });

  it("keeps line numbers of the body equal to the file's", () => {
    const lesson = parseLesson("content/test.mdx", exercise(blocks));
    expect(lesson.body.split("\n")[10]).toBe('<Exercise id="ex-one" title="One">');
  });

  it("parses the real course lessons", () => {
    const dir = path.join(process.cwd(), "content");
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".mdx"))) {
      const lesson = parseLesson(name, fs.readFileSync(path.join(dir, name), "utf8"));
      expect(lesson.exercises.length).toBeGreaterThan(0);
    }
  });

  const fixtures = path.join(process.cwd(), "lib/lessons/__fixtures__/malformed");
  // Every malformed fixture, the line its first problem is reported on, and what the message says.
  const malformed: [string, number, RegExp][] = [
    ["no-frontmatter", 1, /missing frontmatter: the file must start with a --- block/],
    ["bad-yaml", 3, /frontmatter is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a \]$/],
    ["missing-minutes", 1, /frontmatter is missing "minutes"/],
    ["bad-minutes", 6, /frontmatter "minutes": .*>0/],
    ["unknown-field", 7, /frontmatter has unknown field "colour" \(allowed: title, slug, order, summary, minutes, prerequisites, draft\)/],
    ["bad-slug", 3, /frontmatter "slug": slug must be lowercase words joined by hyphens/],
    ["bad-prerequisites", 7, /frontmatter "prerequisites": .*array/],
    ["bad-draft", 7, /frontmatter "draft": .*boolean/],
    ["mdx-syntax", 9, /MDX syntax error/],
    ["unknown-prop", 9, /<Exercise> has unknown prop "level" \(allowed: id, title, showTests\)/],
    ["missing-id", 9, /<Exercise> needs an id prop/],
    ["bad-id", 9, /exercise id "Bad_Id" must be lowercase words joined by hyphens/],
    ["missing-title", 9, /exercise "broken" needs a title prop/],
    ["expression-prop", 9, /<Exercise> prop "id" must be a quoted string/],
    ["show-tests-value", 9, /<Exercise> prop "showTests" is a flag/],
    ["show-tests-without-tests", 9, /exercise "broken" has showTests but no tests block/],
    ["missing-starter", 9, /exercise "broken" is missing its starter block/],
    ["missing-solution", 9, /exercise "broken" is missing its solution block/],
    ["empty-solution", 17, /exercise "broken" has an empty solution block/],
    ["missing-check", 9, /exercise "broken" is missing its expected block or tests block/],
    ["both-checks", 25, /exercise "broken" has both an expected block and a tests block/],
    ["no-tests-in-tests", 21, /exercise "broken" has a tests block without any `test "..." do ... end`/],
    ["duplicate-block", 17, /this exercise has more than one starter block/],
    ["duplicate-id", 27, /duplicate exercise id "broken" \(first used on line 9\)/],
    ["hint-outside", 9, /<Hint> belongs inside an <Exercise>/],
    ["hint-empty", 25, /<Hint> is empty/],
    ["hint-prop", 25, /<Hint> has unknown prop "level" \(allowed: none\)/],
    ["hint-component", 26, /a <Hint> holds Markdown only: <Callout> cannot be used in it/],
    ["nested-exercise", 25, /an <Exercise> cannot contain another <Exercise>/],
    ["unknown-component", 11, /unknown component <Quiz>/],
    ["callout-type", 9, /<Callout> type "danger" is not one of note, tip, warning/],
    ["callout-missing-type", 9, /<Callout> needs a type prop: note, tip, warning/],
    ["unknown-meta", 17, /unknown code block option "solutoin"/],
    ["two-meta-words", 9, /code block options "run slow": use one word after the language/],
    ["block-outside-exercise", 11, /a solution block belongs directly inside an <Exercise>/],
    ["run-in-hint", 27, /a runnable example \(```elixir run\) cannot be inside a <Hint>/],
    ["import", 9, /import and export are not allowed in lessons/],
    ["expression", 9, /\{1 \+ 1\} is an MDX expression, which lessons do not allow: put code in backticks, or write \\\{ for a literal brace/],
    ["brace-in-prose", 9, /MDX syntax error: Could not parse expression with acorn \(a \{ in prose starts an expression: put code in backticks, or write \\\{\)/],
  ];

  it.each(malformed)("names the file and line for the fixture %s", (name, line, message) => {
    const file = `lib/lessons/__fixtures__/malformed/${name}.mdx`;
    const { lesson, errors } = checkLesson(file, fs.readFileSync(path.join(process.cwd(), file), "utf8"));
    expect(lesson).toBeNull();
    const error = errors[0];
    expect(error).toBeInstanceOf(LessonError);
    expect({ line: error?.line, message: error?.message }).toEqual({ line, message: expect.stringMatching(message) });
    expect(error?.message.startsWith(`${file}:${line}: `)).toBe(true);
  });

  it("has a case for every malformed fixture", () => {
    const names = fs.readdirSync(fixtures).map((n) => n.replace(/\.mdx$/, "")).sort();
    expect(names).toEqual(malformed.map(([name]) => name).sort());
  });

  it("reports every problem in a file, not just the first", () => {
    const source = `---\ntitle: T\nslug: t\norder: 1\nsummary: s\ncolour: red\n---\n\n<Exercise id="a" title="A" level="x">\n\n\`\`\`elixir solution\nIO.puts(1)\n\`\`\`\n\n</Exercise>\n\n<Quiz />\n`;
    const { errors } = checkLesson("content/many.mdx", source);
    expect(errors.map((e) => e.message)).toEqual([
      'content/many.mdx:1: frontmatter is missing "minutes"',
      expect.stringMatching(/^content\/many.mdx:6: frontmatter has unknown field "colour"/),
      expect.stringMatching(/^content\/many.mdx:9: <Exercise> has unknown prop "level"/),
      expect.stringMatching(/^content\/many.mdx:9: exercise "a" is missing its starter block/),
      expect.stringMatching(/^content\/many.mdx:9: exercise "a" is missing its expected block or tests block/),
      expect.stringMatching(/^content\/many.mdx:17: unknown component <Quiz>/),
    ]);
  });
});
