import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto w-full max-w-3xl px-4 py-16">
      <h1 className="text-2xl font-bold">Not found</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">There is no lesson at this address.</p>
      <Link href="/" className="mt-4 inline-block text-violet-700 hover:underline dark:text-violet-300">
        Back to the lessons
      </Link>
    </main>
  );
}
