import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { PasswordForm } from "@/components/admin/account-forms";
import { requireAdminPage } from "@/lib/admin/auth";
import { findAdmin } from "@/lib/admin/manage";
import { resetPassword } from "../actions";

export default async function ResetAdminPasswordPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requireAdminPage();
  const { id } = await params;
  if (id === me.id) redirect("/admin/account");
  const admin = await findAdmin(id);
  if (!admin) notFound();
  return (
    <main>
      <p className="mt-6 text-sm">
        <Link href="/admin/admins" className="text-violet-700 hover:underline dark:text-violet-300">← admins</Link>
      </p>
      <h1 className="mt-2 text-2xl font-bold">Reset the password of {admin.username}</h1>
      <p className="mt-2 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
        {admin.username} is signed out everywhere and signs in with the new password{admin.disabledAt ? " once their account is enabled again" : ""}. Confirm with your own password.
      </p>
      <PasswordForm action={resetPassword} adminId={admin.id} username={admin.username} currentLabel="Your password" submitLabel="Set the new password" />
    </main>
  );
}
