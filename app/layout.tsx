import type { Metadata } from "next";
import Link from "next/link";
import "./globals.css";

export const metadata: Metadata = {
  title: "Elixir Lessons",
  description: "Learn Elixir with short lessons and exercises that run in your browser.",
};

export default function RootLayout({ children }: LayoutProps<"/">) {
  return (
    <html lang="en" className="h-full antialiased">
      <body className="flex min-h-full flex-col">
        <header className="border-b border-zinc-200 dark:border-zinc-800">
          <div className="mx-auto flex w-full max-w-3xl items-center px-4 py-3">
            <Link href="/" className="font-semibold text-violet-700 dark:text-violet-300">
              Elixir Lessons
            </Link>
          </div>
        </header>
        {children}
      </body>
    </html>
  );
}
