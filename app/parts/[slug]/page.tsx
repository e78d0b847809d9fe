import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { lessonComponents } from "@/components/lesson/lesson-components";
import { ProgressBar } from "@/components/ui/progress-bar";
import { currentLearnerId } from "@/lib/auth/learner";
import { getPartPage } from "@/lib/lessons/content";
import { compileLesson } from "@/lib/lessons/render";
import { getCourseProgress } from "@/lib/progress/course";
import { runExampleAction } from "../../lessons/[slug]/actions";

export async function generateMetadata({ params }: PageProps<"/parts/[slug]">): Promise<Metadata> {
  const page = await getPartPage((await params).slug);
  return { title: page ? `${page.frontmatter.title} · Elixir Lessons` : "Part not found" };
}

export default async function PartPage({ params }: PageProps<"/parts/[slug]">) {
  const page = await getPartPage((await params).slug);
  if (!page) notFound();
  const [Content, course] = await Promise.all([compileLesson(page.body), getCourseProgress(await currentLearnerId())]);
  const part = course.parts.find((p) => p.slug === page.frontmatter.slug);
  const link = "text-violet-700 hover:underline dark:text-violet-300";

  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-10">
      <nav className="mb-6 text-sm">
        <Link href="/" className={link}>
          ← Course map
        </Link>
      </nav>
      <article className="prose prose-zinc max-w-none dark:prose-invert prose-code:font-medium prose-code:before:content-none prose-code:after:content-none">
        <Content components={lessonComponents(runExampleAction)} />
      </article>
      {part && part.lessons.length > 0 && (
        <section aria-labelledby="part-lessons" className="mt-10 border-t border-zinc-200 pt-6 dark:border-zinc-800">
          <h2 id="part-lessons" className="text-xl font-semibold">
            Lessons in this part
          </h2>
          <p data-testid="part-progress" className="mt-1 text-sm text-zinc-600 tabular-nums dark:text-zinc-400">
            {part.solved}/{part.total} exercises solved · about {part.minutes} min
          </p>
          <ProgressBar value={part.solved} max={part.total} label={`${part.title} progress`} className="mt-2" />
          <ol className="mt-4 list-decimal space-y-1 pl-6">
            {part.lessons.map((lesson) => (
              <li key={lesson.slug}>
                <Link href={`/lessons/${lesson.slug}`} className={link}>
                  {lesson.title}
                </Link>{" "}
                <span className="text-sm text-zinc-500">
                  · {lesson.minutes} min · {lesson.solved}/{lesson.exercises.length} solved
                </span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </main>
  );
}
