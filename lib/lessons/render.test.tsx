import fs from "node:fs";
import path from "node:path";
import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { parseLesson } from "./parse";
import { compileLesson } from "./render";

describe("compileLesson", () => {
  it("renders prose and prompts but never a solution or an expected output", async () => {
    const file = path.join(process.cwd(), "content", "01-hello-elixir.mdx");
    const lesson = parseLesson(file, fs.readFileSync(file, "utf8"));
    const Content = await compileLesson(lesson.body);
    const Exercise = ({ id, children }: { id: string; children?: ReactNode }) => createElement("section", { "data-exercise": id }, children);
    const html = renderToStaticMarkup(createElement(Content, { components: { Exercise } }));

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
});
