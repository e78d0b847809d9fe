"use client";
// The dashboard's tabs; they keep the date range when switching views.
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";

const TABS = [
  { href: "/admin", label: "Overview" },
  { href: "/admin/exercises", label: "Lessons & exercises" },
  { href: "/admin/funnel", label: "Funnel" },
  { href: "/admin/errors", label: "Common errors" },
  { href: "/admin/submissions", label: "Submissions" },
  { href: "/admin/admins", label: "Admins" },
];

export function AdminNav() {
  const pathname = usePathname();
  const params = useSearchParams();
  const keep = new URLSearchParams();
  for (const key of ["from", "to"]) {
    const value = params.get(key);
    if (value) keep.set(key, value);
  }
  const query = keep.toString() ? `?${keep.toString()}` : "";
  return (
    <nav aria-label="Admin" className="flex flex-wrap gap-1">
      {TABS.map((tab) => {
        const active = tab.href === "/admin" ? pathname === "/admin" : pathname.startsWith(tab.href);
        return (
          <Link key={tab.href} href={`${tab.href}${query}`} aria-current={active ? "page" : undefined}
            className={`rounded px-3 py-1.5 text-sm ${active ? "bg-violet-700 text-white" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}>
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
