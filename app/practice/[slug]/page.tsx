import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Difficulty } from "@/components/course/difficulty";
import { exerciseSlot } from "@/components/course/exercise-slot";
import type { ExerciseActions } from "@/components/exercise/exercise-runner";
import { lessonComponents } from "@/components/lesson/lesson-components";
import { currentLearnerId } from "@/lib/auth/learner";
import { getExercisesForLearner } from "@/lib/exercises/queries";
import { getCourse, getPracticeBySlug } from "@/lib/lessons/content";
import { compileLesson, renderMarkdown } from "@/lib/lessons/render";
import { practiceHref } from "@/lib/progress/practice";
// The lesson page's actions take any exercise by id, practice exercises included.
import { revealHintAction, runExampleAction, saveDraftAction, viewSolutionAction } from "../../lessons/[slug]/actions";

export async function generateMetadata({ params }: PageProps<"/practice/[slug]">): Promise<Metadata> {
  const practice = await getPracticeBySlug((await params).slug);
  return { title: practice ? `${practice.frontmatter.title} · Practice · Elixir Lessons` : "Exercise not found" };
}

const actions: ExerciseActions = {
  saveDraft: saveDraftAction,
  revealHint: revealHintAction,
  viewSolution: viewSolutionAction,
};

export default async function PracticeExercisePage({ params }: PageProps<"/practice/[slug]">) {
  const practice = await getPracticeBySlug((await params).slug);
  if (!practice) notFound();

  const [Content, exercises, lessons] = await Promise.all([
    compileLesson(practice.body),
    getExercisesForLearner([practice.exercise.id], await currentLearnerId()),
    getCourse(),
  ]);
  // As on a lesson page: only the hints this learner has revealed are rendered into the page.
  const revealedHints = new Map(
    await Promise.all([...exercises.values()].map(async (e) => [e.id, await Promise.all(e.hints.slice(0, e.hintsRevealed).map(renderMarkdown))] as const)),
  );
  const titles = new Map(lessons.map((l) => [l.frontmatter.slug, l.frontmatter.title]));
  const { title, summary, difficulty, concepts, minutes, prerequisites } = practice.frontmatter;
  const link = "text-violet-700 hover:underline dark:text-violet-300";
  // Most practice pages open with their own "# Title"; the page supplies one only when it does not.
  const ownHeading = /^#\s/m.test(practice.body);

  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-10">
      <nav className="mb-6 text-sm">
        <Link href="/practice" className={link}>
          ← All practice exercises
        </Link>
      </nav>
      <header className="mb-6 rounded-lg border border-zinc-200 px-4 py-3 dark:border-zinc-800">
        {ownHeading ? (
          <p className="font-medium">Practice exercise</p>
        ) : (
          <h1 className="text-3xl font-bold tracking-tight">{title}</h1>
        )}
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{summary}</p>
        <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
          <Difficulty value={difficulty} />
          <span>· about {minutes} min ·</span>
          {concepts.map((c) => (
            <Link key={c} href={practiceHref({ concept: c, difficulty: null })} className="rounded-full border border-zinc-300 px-2.5 py-0.5 text-xs hover:border-violet-400 dark:border-zinc-700">
              {c}
            </Link>
          ))}
        </div>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Assumes:{" "}
          {prerequisites.map((slug, i) => (
            <span key={slug}>
              {i > 0 && ", "}
              <Link href={`/lessons/${slug}`} className={link}>
                {titles.get(slug) ?? slug}
              </Link>
            </span>
          ))}
        </p>
      </header>
      <article className="prose prose-zinc max-w-none dark:prose-invert prose-code:font-medium prose-code:before:content-none prose-code:after:content-none">
        <Content components={{ ...lessonComponents(runExampleAction), Exercise: exerciseSlot(exercises, revealedHints, actions) }} />
      </article>
    </main>
  );
}
