import type { Metadata } from "next";
import Link from "next/link";
import { Playground, type PlaygroundExample } from "@/components/editor/playground";
import { getCourse } from "@/lib/lessons/content";
import { getSnippet } from "@/lib/snippets/snippets";
import { formatPlaygroundAction, runPlaygroundAction, shareSnippetAction } from "./actions";

export const metadata: Metadata = { title: "Playground · Elixir Lessons" };

/** /playground, or /playground?s=<id> to open a shared snippet (read-only, with "Copy into my editor"). */
export default async function PlaygroundPage({ searchParams }: PageProps<"/playground">) {
  const { s } = await searchParams;
  const sharedId = typeof s === "string" ? s : null;
  const [lessons, shared] = await Promise.all([getCourse(), sharedId ? getSnippet(sharedId) : Promise.resolve(null)]);
  const examples: PlaygroundExample[] = lessons.flatMap((lesson) =>
    lesson.examples.map((example, index) => ({
      id: example.id,
      label: `${lesson.frontmatter.title} · example ${index + 1}`,
      code: example.code,
    })),
  );
  return (
    <main className="mx-auto w-full max-w-4xl px-4 py-10">
      <nav className="mb-6 text-sm">
        <Link href="/" className="text-violet-700 hover:underline dark:text-violet-300">
          ← All lessons
        </Link>
      </nav>
      <h1 className="text-3xl font-bold text-zinc-900 dark:text-zinc-50">Playground</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">Write any Elixir, run it in the sandbox, and share a link to it.</p>
      {sharedId !== null && shared === null && (
        <p role="alert" className="mt-4 text-sm text-red-700 dark:text-red-300">
          No shared snippet has this link.
        </p>
      )}
      <Playground examples={examples} shared={shared} actions={{ run: runPlaygroundAction, format: formatPlaygroundAction, share: shareSnippetAction }} />
    </main>
  );
}
