// Compiles a lesson's MDX into a React component on the server. Inside each <Exercise>, the
// starter, solution, expected-output and tests blocks and the hints are removed from the tree
// before compiling, so the rendered page (and so the browser) never holds a solution, an
// expected answer or hidden tests; hints reach the learner one at a time through the exercise UI.
import "server-only";
import { evaluate } from "@mdx-js/mdx";
import type { Root } from "mdast";
import type { MdxJsxFlowElement } from "mdast-util-mdx-jsx";
import type { ComponentType } from "react";
import * as runtime from "react/jsx-runtime";
import { SKIP, visit } from "unist-util-visit";
import { EXERCISE_COMPONENT, HINT_COMPONENT, blockKind } from "./parse";

export type LessonContent = ComponentType<{ components?: Record<string, ComponentType<never>> }>;

export function remarkStripExerciseBlocks() {
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

const compiled = new Map<string, Promise<LessonContent>>();

export function compileLesson(body: string): Promise<LessonContent> {
  let content = compiled.get(body);
  if (!content) {
    content = evaluate(body, { ...runtime, remarkPlugins: [remarkStripExerciseBlocks] }).then((m) => m.default as LessonContent);
    if (compiled.size > 200) compiled.clear();
    compiled.set(body, content);
    content.catch(() => compiled.delete(body));
  }
  return content;
}
