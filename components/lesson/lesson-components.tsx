// The components every lesson's MDX can use besides <Exercise> (which the lesson page supplies,
// since it needs the learner's data). <Hint> never reaches here: hints are taken out of the page
// and revealed by the exercise UI. The page passes in the server action behind "Run this".
import "./code.css";
import "./markdown.css";
import type { ReactNode } from "react";
import { Callout } from "./callout";
import { LessonTable } from "./lesson-table";
import { RunnableExample, type RunExample } from "./runnable-example";

export function lessonComponents(runExample: RunExample) {
  function BoundRunnableExample(props: { exampleId: string; children?: ReactNode }) {
    return <RunnableExample {...props} run={runExample} />;
  }
  return { Callout, RunnableExample: BoundRunnableExample, table: LessonTable };
}
