import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { AccountLink } from "@/components/ui/account-link";
import { ThemeSwitch } from "@/components/ui/theme-switch";
import { THEME_SCRIPT } from "@/components/ui/theme-script";
import { currentLearner } from "@/lib/auth/learner";
import { SANDBOX_ELIXIR_VERSION, SANDBOX_OTP_RELEASE } from "@/lib/sandbox/version";
import "./globals.css";

export const metadata: Metadata = {
  title: "Elixir Lessons",
  description: "Learn Elixir with short lessons and exercises that run in your browser.",
};

export default async function RootLayout({ children }: LayoutProps<"/">) {
  const learner = await currentLearner();
  // proxy.ts makes a nonce per request; the one inline script of our own must carry it (CSP).
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // The theme script sets the class and colour scheme before hydration.
    <html lang="en" className="h-full antialiased" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="flex min-h-full flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-violet-800 dark:focus:bg-zinc-900 dark:focus:text-violet-200"
        >
          Skip to content
        </a>
        <header className="border-b border-zinc-200 dark:border-zinc-800">
          <div className="mx-auto flex w-full max-w-3xl items-center gap-3 px-4 py-3">
            <Link href="/" className="font-semibold text-violet-700 dark:text-violet-300">
              Elixir Lessons
            </Link>
            <nav aria-label="Course" className="flex items-center gap-3 text-sm">
              <Link href="/" className="text-zinc-700 hover:underline dark:text-zinc-300">
                Lessons
              </Link>
              <Link href="/practice" data-testid="practice-link" className="text-zinc-700 hover:underline dark:text-zinc-300">
                Practice
              </Link>
            </nav>
            <nav aria-label="Account" className="ml-auto text-sm">
              <AccountLink username={learner?.username ?? null} />
            </nav>
            <ThemeSwitch />
          </div>
        </header>
        <div id="main" className="flex flex-1 flex-col">
          {children}
        </div>
        <footer className="border-t border-zinc-200 dark:border-zinc-800">
          <p data-testid="sandbox-version" className="mx-auto w-full max-w-3xl px-4 py-4 text-xs text-zinc-600 dark:text-zinc-400">
            Your code runs on Elixir {SANDBOX_ELIXIR_VERSION} (Erlang/OTP {SANDBOX_OTP_RELEASE}), in a sandbox on our server.
          </p>
        </footer>
      </body>
    </html>
  );
}
