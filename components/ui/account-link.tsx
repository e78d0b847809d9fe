"use client";
// The learner's account link in the site header. Admin pages have their own header (the admin's
// name and Sign out), so there it gives way to a link back to the dashboard.
import Link from "next/link";
import { usePathname } from "next/navigation";

export function AccountLink({ username }: { username: string | null }) {
  const pathname = usePathname();
  if (pathname === "/admin" || pathname.startsWith("/admin/")) {
    return (
      <Link href="/admin" data-testid="admin-home-link" className="text-zinc-700 hover:underline dark:text-zinc-300">
        Admin dashboard
      </Link>
    );
  }
  return (
    <Link href="/account" data-testid="account-link" className="text-zinc-700 hover:underline dark:text-zinc-300">
      {username ? `Signed in as ${username}` : "Sign in to keep your progress"}
    </Link>
  );
}
