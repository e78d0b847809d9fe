"use client";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-16">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">The page could not be shown. Your saved work is safe.</p>
      <button type="button" onClick={reset} className="mt-4 rounded bg-violet-700 px-4 py-2 text-white hover:bg-violet-800">
        Try again
      </button>
    </main>
  );
}
