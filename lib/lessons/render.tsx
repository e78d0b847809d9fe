// Compiles a lesson's MDX into a React component on the server. Inside each <Exercise>, the
// starter, solution, expected-output and tests blocks and the hints are removed from the tree
// before compiling, so the rendered page (and so the browser) never holds a solution, an
// expected answer or hidden tests; hints reach the learner one at a time through the exercise UI
// (render them with `renderMarkdown`). Every code block is highlighted here, on the server, and
// each ```elixir run block becomes a <RunnableExample> that knows only its example id. Lessons and
// hints are GitHub-flavoured Markdown (tables, strikethrough, task lists).
import "server-only";
import { evaluate } from "@mdx-js/mdx";
import type { Code, Root } from "mdast";
import type { MdxJsxFlowElement } from "mdast-util-mdx-jsx";
import type { ComponentType, ReactElement } from "react";
import * as runtime from "react/jsx-runtime";
import remarkGfm from "remark-gfm";
import { SKIP, visit } from "unist-util-visit";
import { rehypeHighlight } from "./highlight";
import { EXERCISE_COMPONENT, HINT_COMPONENT, blockKind, exampleId, isRunnable } from "./parse";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- MDX passes each component its own props
type Components = Record<string, ComponentType<any>>;
export type LessonContent = ComponentType<{ components?: Components }>;

function remarkStripExerciseBlocks() {
  return (tree: Root) => {
    visit(tree, "mdxJsxFlowElement", (node: MdxJsxFlowElement) => {
      if (node.name !== EXERCISE_COMPONENT) return;
      node.children = node.children.filter((child) => child.type !== "code" || blockKind(child) === null);
      visit(node, (child, index, parent) => {
        if ((child.type === "mdxJsxFlowElement" || child.type === "mdxJsxTextElement") && child.name === HINT_COMPONENT && parent && index !== undefined) {
          parent.children.splice(index, 1);
          return [SKIP, index];
        }
      });
      // A one-line <Hint>…</Hint> sits in a paragraph of its own, which is now empty.
      node.children = node.children.filter((child) => child.type !== "paragraph" || child.children.some((c) => c.type !== "text" || c.value.trim()));
      return SKIP;
    });
  };
}

/** ```elixir run → <RunnableExample exampleId="…">```elixir …```</RunnableExample> (the code is highlighted as usual). */
function remarkRunnableExamples() {
  return (tree: Root) => {
    visit(tree, "code", (node: Code, index, parent) => {
      if (!isRunnable(node) || !parent || index === undefined) return;
      const lang = node.lang ?? "elixir";
      const element: MdxJsxFlowElement = {
        type: "mdxJsxFlowElement",
        name: "RunnableExample",
        attributes: [{ type: "mdxJsxAttribute", name: "exampleId", value: exampleId(lang, node.value) }],
        children: [{ type: "code", lang, meta: null, value: node.value }],
      };
      parent.children[index] = element;
      return SKIP;
    });
  };
}

const compiled = new Map<string, Promise<LessonContent>>();

function cached(key: string, make: () => Promise<LessonContent>): Promise<LessonContent> {
  let content = compiled.get(key);
  if (!content) {
    content = make();
    if (compiled.size > 500) compiled.clear();
    compiled.set(key, content);
    content.catch(() => compiled.delete(key));
  }
  return content;
}

/** The lesson body as a component; the page passes every component the MDX uses (Exercise, Callout, RunnableExample). */
export function compileLesson(body: string): Promise<LessonContent> {
  return cached(`mdx\n${body}`, async () => {
    const { default: Content } = await evaluate(body, {
      ...runtime,
      remarkPlugins: [remarkGfm, remarkStripExerciseBlocks, remarkRunnableExamples],
      rehypePlugins: [rehypeHighlight],
    });
    const Lesson: LessonContent = ({ components }) => <Content components={components} />;
    return Lesson;
  });
}

/**
 * Renders Markdown (a hint as stored in Exercise.hints) to React nodes on the server, code blocks
 * highlighted. Plain Markdown only: raw HTML is dropped, nothing is evaluated.
 */
export async function renderMarkdown(markdown: string): Promise<ReactElement> {
  const Content = await cached(`md\n${markdown}`, async () => {
    const { default: Md } = await evaluate(markdown, { ...runtime, format: "md", remarkPlugins: [remarkGfm], rehypePlugins: [rehypeHighlight] });
    const Rendered: LessonContent = () => <Md />;
    return Rendered;
  });
  return <Content />;
}
