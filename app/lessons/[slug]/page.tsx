import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { ExerciseRunner } from "@/components/exercise/exercise-runner";
import { LessonNav } from "@/components/lesson/lesson-nav";
import { MissingExercise } from "@/components/lesson/missing-exercise";
import { currentLearnerId } from "@/lib/auth/learner";
import { getExercisesForLearner } from "@/lib/exercises/queries";
import { getLessonBySlug } from "@/lib/lessons/content";
import { compileLesson } from "@/lib/lessons/render";
import { runExerciseAction } from "./actions";

export async function generateMetadata({ params }: PageProps<"/lessons/[slug]">): Promise<Metadata> {
  const lesson = await getLessonBySlug((await params).slug);
  return { title: lesson ? `${lesson.frontmatter.title} · Elixir Lessons` : "Lesson not found" };
}

export default async function LessonPage({ params }: PageProps<"/lessons/[slug]">) {
  const lesson = await getLessonBySlug((await params).slug);
  if (!lesson) notFound();

  const [Content, exercises] = await Promise.all([
    compileLesson(lesson.body),
    getExercisesForLearner(lesson.exercises.map((e) => e.id), await currentLearnerId()),
  ]);

  function Exercise({ id, children }: { id: string; children?: ReactNode }) {
    const exercise = exercises.get(id);
    if (!exercise) return <MissingExercise id={id} />;
    return (
      <div data-exercise-id={exercise.id} className="not-prose my-8">
        <ExerciseRunner
          exerciseId={exercise.id}
          title={exercise.title}
          starter={exercise.starterCode}
          action={runExerciseAction}
          initialAttempts={exercise.attempts}
          initialSolved={exercise.solved}
        >
          {children}
        </ExerciseRunner>
      </div>
    );
  }

  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-10">
      <nav className="mb-6 text-sm">
        <Link href="/" className="text-violet-700 hover:underline dark:text-violet-300">
          ← All lessons
        </Link>
      </nav>
      <article className="prose prose-zinc max-w-none dark:prose-invert prose-code:font-medium prose-code:before:content-none prose-code:after:content-none">
        <Content components={{ Exercise }} />
      </article>
      <LessonNav slug={lesson.frontmatter.slug} />
    </main>
  );
}
