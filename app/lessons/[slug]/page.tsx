import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import type { ExerciseActions } from "@/components/exercise/exercise-runner";
import { exerciseSlot } from "@/components/course/exercise-slot";
import { lessonComponents } from "@/components/lesson/lesson-components";
import { ExerciseSummary, LessonProgressProvider } from "@/components/exercise/lesson-progress";
import { LessonNav } from "@/components/lesson/lesson-nav";
import { currentLearnerId } from "@/lib/auth/learner";
import { getExercisesForLearner } from "@/lib/exercises/queries";
import { warmVerdictPath } from "@/lib/exercises/warm-up";
import { getLessonBySlug, getLessonNeighbours } from "@/lib/lessons/content";
import { compileLesson, renderMarkdown } from "@/lib/lessons/render";
import { RunnableExample } from "@/components/lesson/runnable-example";
import { formatCodeAction, revealHintAction, runCodeAction, runExampleAction, saveDraftAction, viewSolutionAction } from "./actions";

export async function generateMetadata({ params }: PageProps<"/lessons/[slug]">): Promise<Metadata> {
  const lesson = await getLessonBySlug((await params).slug);
  return { title: lesson ? `${lesson.frontmatter.title} · Elixir Lessons` : "Lesson not found" };
}

const actions: ExerciseActions = {
  saveDraft: saveDraftAction,
  revealHint: revealHintAction,
  viewSolution: viewSolutionAction,
  format: formatCodeAction,
};

export default async function LessonPage({ params }: PageProps<"/lessons/[slug]">) {
  const lesson = await getLessonBySlug((await params).slug);
  if (!lesson) notFound();

  const [Content, exercises, neighbours] = await Promise.all([
    compileLesson(lesson.body),
    getExercisesForLearner(lesson.exercises.map((e) => e.id), await currentLearnerId()),
    getLessonNeighbours(lesson.frontmatter.slug),
  ]);
  // Only the hints this learner has revealed reach the page (Markdown rendered here); the rest
  // come one at a time from revealHintAction, which records each reveal first.
  const revealedHints = new Map(
    await Promise.all(
      [...exercises.values()].map(async (e) => [e.id, await Promise.all(e.hints.slice(0, e.hintsRevealed).map(renderMarkdown))] as const),
    ),
  );
  const listed = lesson.exercises.flatMap((e) => {
    const found = exercises.get(e.id);
    return found ? [found] : [];
  });
  // Once per process, before anyone can press Run: the database side of a verdict, compiled.
  if (listed[0]) warmVerdictPath(listed[0].id);

  // Each example opens in an editor with its own code; as written it still runs by id only.
  const exampleCode = new Map(lesson.examples.map((e) => [e.id, e.code]));
  function EditableExample({ exampleId, children }: { exampleId: string; children?: ReactNode }) {
    return (
      <RunnableExample exampleId={exampleId} code={exampleCode.get(exampleId)} run={runExampleAction} runCode={runCodeAction} format={formatCodeAction}>
        {children}
      </RunnableExample>
    );
  }

  const Exercise = exerciseSlot(exercises, revealedHints, actions);

  return (
    <LessonProgressProvider
      exercises={listed.map((e) => ({ id: e.id, title: e.title }))}
      initialSolved={listed.filter((e) => e.solved).map((e) => e.id)}
      nextLesson={neighbours.next}
    >
      <main className="mx-auto w-full max-w-3xl px-4 py-10">
        <nav className="mb-6 text-sm">
          <Link href="/" className="text-violet-700 hover:underline dark:text-violet-300">
            ← All lessons
          </Link>
        </nav>
        <ExerciseSummary />
        <article className="prose prose-zinc max-w-none dark:prose-invert prose-code:font-medium prose-code:before:content-none prose-code:after:content-none">
          <Content components={{ ...lessonComponents(runExampleAction), RunnableExample: EditableExample, Exercise }} />
        </article>
        <LessonNav slug={lesson.frontmatter.slug} />
      </main>
    </LessonProgressProvider>
  );
}
