// The components every lesson's MDX can use besides <Exercise> (which the lesson page supplies,
// since it needs the learner's data). <Hint> never reaches here: hints are taken out of the page
// and revealed by the exercise UI.
import "./code.css";
import "./markdown.css";
import { Callout } from "./callout";
import { LessonTable } from "./lesson-table";
import { RunnableExample } from "./runnable-example";

export const lessonComponents = { Callout, RunnableExample, table: LessonTable };
