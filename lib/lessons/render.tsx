// Compiles a lesson's MDX into a React component on the server. Inside each <Exercise>, the
// starter, solution and expected-output blocks are removed from the tree before compiling, so
// the rendered page (and so the browser) never holds a solution or an expected answer.
import "server-only";
import { evaluate } from "@mdx-js/mdx";
import type { Root } from "mdast";
import type { MdxJsxFlowElement } from "mdast-util-mdx-jsx";
import type { ComponentType } from "react";
import * as runtime from "react/jsx-runtime";
import { SKIP, visit } from "unist-util-visit";
import { EXERCISE_COMPONENT, blockKind } from "./parse";

export type LessonContent = ComponentType<{ components?: Record<string, ComponentType<never>> }>;

export function remarkStripExerciseBlocks() {
  return (tree: Root) => {
    visit(tree, "mdxJsxFlowElement", (node: MdxJsxFlowElement) => {
      if (node.name !== EXERCISE_COMPONENT) return;
      node.children = node.children.filter((child) => child.type !== "code" || blockKind(child) === null);
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
