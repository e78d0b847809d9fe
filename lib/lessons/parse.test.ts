import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LessonError } from "./lesson-error";
import { checkLesson, checkPartPage, checkPractice, exampleId, exerciseCheck, parseLesson } from "./parse";

const frontmatter = `---
title: Test lesson
slug: test-lesson
order: 1
part: basics
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
    expect(lesson.frontmatter).toEqual({ title: "Test lesson", slug: "test-lesson", order: 1, part: "basics", summary: "A lesson for tests.", minutes: 5, prerequisites: [], draft: false });
    expect(lesson.exercises).toEqual([
      {
        id: "ex-one",
        title: "One",
        position: 0,
        line: 12,
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
    expect(lesson.examples).toEqual([{ id: exampleId("elixir", 'IO.puts("hi")'), lang: "elixir", code: 'IO.puts("hi")', line: 10 }]);
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
    expect(error.message).toBe("content/test.mdx:10: unknown component <Quiz> (lessons can use <Exercise>, <Hint> inside an exercise, <Callout>, and <br> <kbd> <sub> <sup> <abbr> <mark> <details> <summary> <small>)");
  });

  it("keeps line numbers of the body equal to the file's", () => {
    const lesson = parseLesson("content/test.mdx", exercise(blocks));
    expect(lesson.body.split("\n")[11]).toBe('<Exercise id="ex-one" title="One">');
  });

  it("parses the real course lessons", () => {
    const dir = path.join(process.cwd(), "content");
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".mdx"))) {
      const lesson = parseLesson(name, fs.readFileSync(path.join(dir, name), "utf8"));
      expect(lesson.exercises.length).toBeGreaterThan(0);
    }
    // Thirty-odd lessons of MDX: seconds on a loaded machine.
  }, 60_000);

  const fixtures = path.join(process.cwd(), "lib/lessons/__fixtures__/malformed");
  // Every malformed fixture, the line its first problem is reported on, and what the message says.
  const malformed: [string, number, RegExp][] = [
    ["no-frontmatter", 1, /missing frontmatter: the file must start with a --- block/],
    ["bad-yaml", 3, /frontmatter is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a \]$/],
    ["missing-minutes", 1, /frontmatter is missing "minutes"/],
    ["bad-minutes", 7, /frontmatter "minutes": .*>0/],
    ["unknown-field", 8, /frontmatter has unknown field "colour" \(allowed: title, slug, order, part, summary, minutes, prerequisites, draft\)/],
    ["bad-part", 5, /frontmatter "part": must be one of basics, data-and-functions, abstractions, otp/],
    ["missing-part", 1, /frontmatter is missing "part"/],
    ["bad-slug", 3, /frontmatter "slug": slug must be lowercase words joined by hyphens/],
    ["bad-prerequisites", 8, /frontmatter "prerequisites": .*array/],
    ["bad-draft", 8, /frontmatter "draft": .*boolean/],
    ["mdx-syntax", 10, /MDX syntax error/],
    ["unknown-prop", 10, /<Exercise> has unknown prop "level" \(allowed: id, title, showTests\)/],
    ["missing-id", 10, /<Exercise> needs an id prop/],
    ["bad-id", 10, /exercise id "Bad_Id" must be lowercase words joined by hyphens/],
    ["missing-title", 10, /exercise "broken" needs a title prop/],
    ["expression-prop", 10, /<Exercise> prop "id" must be a quoted string/],
    ["show-tests-value", 10, /<Exercise> prop "showTests" is a flag/],
    ["show-tests-without-tests", 10, /exercise "broken" has showTests but no tests block/],
    ["missing-starter", 10, /exercise "broken" is missing its starter block/],
    ["missing-solution", 10, /exercise "broken" is missing its solution block/],
    ["empty-solution", 18, /exercise "broken" has an empty solution block/],
    ["missing-check", 10, /exercise "broken" is missing its expected block or tests block/],
    ["both-checks", 26, /exercise "broken" has both an expected block and a tests block/],
    ["no-tests-in-tests", 22, /exercise "broken" has a tests block without any `test "..." do ... end`/],
    ["duplicate-block", 18, /this exercise has more than one starter block/],
    ["duplicate-id", 28, /duplicate exercise id "broken" \(first used on line 10\)/],
    ["hint-outside", 10, /<Hint> belongs inside an <Exercise>/],
    ["hint-empty", 26, /<Hint> is empty/],
    ["hint-prop", 26, /<Hint> has unknown prop "level" \(allowed: none\)/],
    ["hint-component", 27, /a <Hint> holds Markdown only: <Callout> cannot be used in it/],
    ["practice-id", 10, /exercise id "practice-sum" starts with "practice-", which is kept for practice exercises/],
    ["fails-in-exercise", 14, /"fails" marks an ```elixir sample in prose that is meant to fail; it has no meaning here/],
    ["nested-exercise", 26, /an <Exercise> cannot contain another <Exercise>/],
    ["unknown-component", 12, /unknown component <Quiz>/],
    ["callout-type", 10, /<Callout> type "danger" is not one of note, tip, warning/],
    ["callout-missing-type", 10, /<Callout> needs a type prop: note, tip, warning/],
    ["unknown-meta", 18, /unknown code block option "solutoin"/],
    ["two-meta-words", 10, /code block options "run slow": use one word after the language/],
    ["block-outside-exercise", 12, /a solution block belongs directly inside an <Exercise>/],
    ["run-in-hint", 28, /a runnable example \(```elixir run\) cannot be inside a <Hint>/],
    ["import", 10, /import and export are not allowed in lessons/],
    ["expression", 10, /\{1 \+ 1\} is an MDX expression, which lessons do not allow: put code in backticks, or write \\\{ for a literal brace/],
    ["brace-in-prose", 10, /MDX syntax error: Could not parse expression with acorn \(a \{ in prose starts an expression: put code in backticks, or write \\\{\)/],
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
    const source = `---\ntitle: T\nslug: t\norder: 1\npart: basics\nsummary: s\ncolour: red\n---\n\n<Exercise id="a" title="A" level="x">\n\n\`\`\`elixir solution\nIO.puts(1)\n\`\`\`\n\n</Exercise>\n\n<Quiz />\n`;
    const { errors } = checkLesson("content/many.mdx", source);
    expect(errors.map((e) => e.message)).toEqual([
      'content/many.mdx:1: frontmatter is missing "minutes"',
      expect.stringMatching(/^content\/many.mdx:7: frontmatter has unknown field "colour"/),
      expect.stringMatching(/^content\/many.mdx:10: <Exercise> has unknown prop "level"/),
      expect.stringMatching(/^content\/many.mdx:10: exercise "a" is missing its starter block/),
      expect.stringMatching(/^content\/many.mdx:10: exercise "a" is missing its expected block or tests block/),
      expect.stringMatching(/^content\/many.mdx:18: unknown component <Quiz>/),
    ]);
  });
});

const practiceSource = (frontmatterLines: string, exercises: string[]) => `---
title: Word count
slug: word-count
summary: Count words.
${frontmatterLines}---

Count the words.

${exercises
  .map(
    (id) => `<Exercise id="${id}" title="Count">

${blocks}
<Hint>Split first.</Hint>

<Hint>Then count.</Hint>

</Exercise>
`,
  )
  .join("\n")}`;

const practiceFields = "difficulty: 2\nconcepts: [strings, maps]\nprerequisites: [maps]\nminutes: 10\n";

describe("checkPractice", () => {
  it("reads the frontmatter and the one exercise", () => {
    const { practice, errors } = checkPractice("content/practice/word-count.mdx", practiceSource(practiceFields, ["practice-word-count"]));
    expect(errors).toEqual([]);
    expect(practice?.frontmatter).toEqual({ title: "Word count", slug: "word-count", summary: "Count words.", difficulty: 2, concepts: ["strings", "maps"], prerequisites: ["maps"], minutes: 10 });
    expect(practice?.exercise).toMatchObject({ id: "practice-word-count", line: 13, hints: ["Split first.", "Then count."] });
    expect(practice?.fieldLines.concepts).toBe(6);
  });

  it.each([
    ["difficulty: 6\nconcepts: [strings]\nprerequisites: [maps]\nminutes: 10\n", ["practice-a"], 5, /frontmatter "difficulty": difficulty is 1 \(warm-up\) to 5 \(hard\)/],
    ["difficulty: 2\nconcepts: [strings, monads]\nprerequisites: [maps]\nminutes: 10\n", ["practice-a"], 6, /frontmatter "concepts.1": each concept must be one of basics, strings/],
    ["difficulty: 2\nconcepts: []\nprerequisites: [maps]\nminutes: 10\n", ["practice-a"], 6, /frontmatter "concepts": list at least one concept/],
    ["difficulty: 2\nconcepts: [strings]\nminutes: 10\n", ["practice-a"], 1, /frontmatter is missing "prerequisites"/],
    ["difficulty: 2\nconcepts: [strings]\nprerequisites: [maps]\nminutes: 10\npart: basics\n", ["practice-a"], 9, /frontmatter has unknown field "part"/],
    [practiceFields, [], null, /a practice file needs one <Exercise>/],
    [practiceFields, ["practice-a", "practice-b"], 33, /a practice file holds exactly one <Exercise>; this one has 2/],
    [practiceFields, ["word-count"], 13, /practice exercise id "word-count" must start with "practice-"/],
  ] as const)("rejects %j with the file and line", (fields, exercises, line, message) => {
    const { practice, errors } = checkPractice("content/practice/p.mdx", practiceSource(fields, [...exercises]));
    expect(practice).toBeNull();
    expect(errors[0]?.line ?? null).toBe(line);
    expect(errors[0]?.message).toMatch(message);
    expect(errors[0]?.message.startsWith(`content/practice/p.mdx${line === null ? "" : `:${line}`}: `)).toBe(true);
  });
});

describe("checkPartPage", () => {
  const page = (fields: string, body = "What this part covers.\n") => `---\ntitle: Basics\n${fields}summary: The first steps.\n---\n\n${body}`;

  it("reads a part's introduction page", () => {
    const { part, errors } = checkPartPage("content/parts/basics.mdx", page("slug: basics\norder: 1\n"));
    expect(errors).toEqual([]);
    expect(part?.frontmatter).toEqual({ title: "Basics", slug: "basics", order: 1, summary: "The first steps." });
  });

  it("names the line of an unknown part, a wrong order and an exercise", () => {
    expect(checkPartPage("p.mdx", page("slug: advanced\norder: 1\n")).errors.map((e) => e.message)).toEqual([expect.stringMatching(/^p\.mdx:3: frontmatter "slug": must be one of basics, data-and-functions, abstractions, otp/)]);
    expect(checkPartPage("p.mdx", page("slug: otp\norder: 2\n")).errors.map((e) => e.message)).toEqual(['p.mdx:4: part "otp" has order 4 (the parts are basics, data-and-functions, abstractions, otp)']);
    const withExercise = page("slug: basics\norder: 1\n", `<Exercise id="x" title="X">\n\n${blocks}\n</Exercise>\n`);
    expect(checkPartPage("p.mdx", withExercise).errors.map((e) => e.message)).toEqual(["p.mdx:8: a part's introduction page holds prose only: put exercises in its lessons"]);
  });
});

describe("prose samples", () => {
  it("collects ```elixir blocks outside exercises, marks the fails ones, and skips run blocks, other languages and exercise code", () => {
    const source = `${frontmatter}
\`\`\`elixir
IO.puts(1)
\`\`\`

\`\`\`elixir fails
raise "boom"
\`\`\`

\`\`\`elixir run
IO.puts(2)
\`\`\`

\`\`\`text
not elixir
\`\`\`

<Exercise id="ex-one" title="One">

\`\`\`elixir
IO.puts(:inside)
\`\`\`

${blocks}
</Exercise>
`;
    const lesson = parseLesson("content/test.mdx", source);
    expect(lesson.samples).toEqual([
      { code: "IO.puts(1)", line: 10, fails: false },
      { code: 'raise "boom"', line: 14, fails: true },
    ]);
  });

  it("rejects fails on a language other than elixir", () => {
    const { errors } = checkLesson("content/test.mdx", `${frontmatter}\n\`\`\`text fails\nx\n\`\`\`\n`);
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/^content\/test\.mdx:10: "fails" marks an ```elixir sample/)]);
  });
});
