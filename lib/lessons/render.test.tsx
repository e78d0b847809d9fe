import fs from "node:fs";
import path from "node:path";
import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { parseLesson } from "./parse";
import { lessonComponents } from "@/components/lesson/lesson-components";
import { compileLesson, renderMarkdown } from "./render";
import { LessonTable } from "@/components/lesson/lesson-table";

const components = lessonComponents(async () => ({ kind: "idle" }));

describe("compileLesson", () => {
  it("renders prose and prompts but never a solution or an expected output", async () => {
    const file = path.join(process.cwd(), "content", "01-hello-elixir.mdx");
    const lesson = parseLesson(file, fs.readFileSync(file, "utf8"));
    const Content = await compileLesson(lesson.body);
    const Exercise = ({ id, children }: { id: string; children?: ReactNode }) => createElement("section", { "data-exercise": id }, children);
    const html = renderToStaticMarkup(createElement(Content, { components: { ...components, Exercise } }));

    expect(html).toContain("Hello, Elixir");
    expect(html).toContain('data-exercise="hello-world"');
    expect(html).toContain("Print exactly");
    for (const exercise of lesson.exercises) {
      expect(html).not.toContain(exercise.solution.split("\n").at(-1));
    }
    expect(html).not.toContain("ELIXIR");
    expect(html).not.toContain("IO.puts(&quot;Hello, world!&quot;)");
    expect(html).not.toContain("div(slices, friends)");
  });

  it("strips tests blocks and hints (one-line and block) from the page", async () => {
    const source = `---
title: T
slug: t
order: 1
part: basics
summary: s
minutes: 1
---

<Exercise id="calc" title="Calc">

Write the PROMPT-TEXT.

\`\`\`elixir starter
STARTER-TEXT
\`\`\`

\`\`\`elixir solution
SOLUTION-TEXT
\`\`\`

\`\`\`elixir tests
test "HIDDEN-TEST" do
  assert true
end
\`\`\`

<Hint>ONE-LINE-HINT</Hint>

<Hint>
BLOCK-HINT
</Hint>

</Exercise>
`;
    const lesson = parseLesson("content/t.mdx", source);
    const Content = await compileLesson(lesson.body);
    const Exercise = ({ id, children }: { id: string; children?: ReactNode }) => createElement("section", { "data-exercise": id }, children);
    const html = renderToStaticMarkup(createElement(Content, { components: { ...components, Exercise } }));
    expect(html).toContain("PROMPT-TEXT");
    for (const secret of ["STARTER-TEXT", "SOLUTION-TEXT", "HIDDEN-TEST", "ONE-LINE-HINT", "BLOCK-HINT"]) expect(html).not.toContain(secret);
    expect(html).not.toContain("<p></p>");
  });

  it("highlights code on the server, turns run blocks into examples that carry only their id, and renders callouts", async () => {
    const source = `---
title: T
slug: t
order: 1
part: basics
summary: s
minutes: 1
---

<Callout type="warning" title="Mind the pin">Use \`^x\`.</Callout>

\`\`\`elixir
defmodule Greeter do
  def hello, do: :world
end
\`\`\`

\`\`\`elixir run
IO.puts("ran")
\`\`\`

\`\`\`text
plain words
\`\`\`
`;
    const lesson = parseLesson("content/t.mdx", source);
    const Content = await compileLesson(lesson.body);
    const html = renderToStaticMarkup(createElement(Content, { components }));
    expect(html).toMatch(/<pre class="shiki shiki-themes github-light github-dark"[^>]*data-language="elixir"/);
    expect(html).toMatch(/<span style="--shiki-light:#[0-9A-Fa-f]{6};--shiki-dark:#[0-9A-Fa-f]{6}">defmodule<\/span>/);
    expect(html).toContain(`data-example-id="${lesson.examples[0]?.id}"`);
    expect(html).toContain("Run this");
    expect(html).toContain('data-language="text"');
    expect(html).toContain("plain words");
    expect(html).toMatch(/<aside data-callout="warning" aria-label="Mind the pin"/);
    expect(html).toContain("<code>^x</code>");
  });

  it("renders GitHub-flavoured tables (framed), strikethrough and task lists, in lessons and hints", async () => {
    const source = `---
title: T
slug: t
order: 1
part: basics
summary: s
minutes: 1
---

| type | example |
|------|---------|
| atom | \`:ok\` |

~~gone~~

- [x] done
- [ ] to do
`;
    // The page frames tables through its components (components/lesson/lesson-components.tsx).
    const html = renderToStaticMarkup(createElement(await compileLesson(parseLesson("content/t.mdx", source).body), { components: { table: LessonTable } }));
    expect(html).toMatch(/<div class="lesson-table[^"]*"><table class="w-full text-sm"><thead><tr><th>type<\/th><th>example<\/th><\/tr><\/thead><tbody><tr><td>atom<\/td><td><code>:ok<\/code><\/td><\/tr><\/tbody><\/table><\/div>/);
    expect(html).toContain("<del>gone</del>");
    expect(html).toContain('<ul class="contains-task-list">');
    expect(html).toMatch(/<li class="task-list-item"><input type="checkbox" disabled="" checked=""\/> done<\/li>/);
    const hint = renderToStaticMarkup(await renderMarkdown("| a |\n|---|\n| 1 |\n\n~~x~~"));
    expect(hint).toContain("<td>1</td>");
    expect(hint).toContain("<del>x</del>");
  });

  it("renders a hint's Markdown with highlighted code and drops raw HTML", async () => {
    const node = await renderMarkdown("Use **\`Enum.map/2\`**.\n\n\`\`\`elixir\nEnum.map([1], &(&1 * 2))\n\`\`\`\n\n<script>alert(1)</script>");
    const html = renderToStaticMarkup(node);
    expect(html).toContain("<strong><code>Enum.map/2</code></strong>");
    expect(html).toContain('class="shiki');
    expect(html).not.toContain("<script");
  });
});
