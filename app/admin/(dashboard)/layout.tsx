import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { signOut } from "@/app/admin/actions";
import { AdminNav } from "@/components/admin/admin-nav";
import { requireAdminPage } from "@/lib/admin/auth";

export const metadata: Metadata = { title: "Admin · Elixir Lessons", robots: { index: false } };

// Each page checks the session itself as well; this layout only adds the frame.
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const admin = await requireAdminPage();
  return (
    <div className="mx-auto w-full max-w-7xl px-4 py-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Suspense>
          <AdminNav />
        </Suspense>
        <form action={signOut} className="flex items-center gap-3 text-sm">
          <Link href="/admin/account" className="text-zinc-500 hover:underline" data-testid="admin-name" title="Your account">{admin.username}</Link>
          <button type="submit" className="rounded border border-zinc-300 px-3 py-1.5 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
            Sign out
          </button>
        </form>
      </div>
      {children}
    </div>
  );
}
