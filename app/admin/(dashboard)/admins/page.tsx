import Link from "next/link";
import { DisableForm } from "@/components/admin/account-forms";
import { requireAdminPage } from "@/lib/admin/auth";
import { listAdmins } from "@/lib/admin/manage";
import { setAdminDisabled } from "./actions";

const utc = (date: Date) => date.toISOString().replace("T", " ").slice(0, 16);

export default async function AdminAccountsPage() {
  const me = await requireAdminPage();
  const admins = await listAdmins();
  const active = admins.filter((a) => a.disabledAt === null).length;
  return (
    <main>
      <h1 className="mt-6 text-2xl font-bold">Admins</h1>
      <p className="mt-2 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        {active} active of {admins.length}. A disabled admin cannot sign in and is signed out at once. You cannot disable yourself or the last active admin.
        New admins are created with <code>npm run admin:create</code> on the server.
      </p>
      <div className="mt-4 overflow-x-auto">
        <table data-testid="table-admins" className="w-full text-left text-sm">
          <thead className="border-b border-zinc-300 dark:border-zinc-700">
            <tr>
              <th scope="col" className="py-2 pr-4">Username</th>
              <th scope="col" className="py-2 pr-4">Status</th>
              <th scope="col" className="py-2 pr-4 text-right">Sessions</th>
              <th scope="col" className="py-2 pr-4">Created (UTC)</th>
              <th scope="col" className="py-2 pr-4">Password</th>
              <th scope="col" className="py-2">Access</th>
            </tr>
          </thead>
          <tbody>
            {admins.map((admin) => {
              const self = admin.id === me.id;
              return (
                <tr key={admin.id} data-testid={`admin-row-${admin.username}`} className="border-b border-zinc-200 align-top dark:border-zinc-800">
                  <td className="py-2 pr-4 font-medium">{admin.username}{self && <span className="ml-2 text-xs text-zinc-500">(you)</span>}</td>
                  <td className="py-2 pr-4" data-testid="admin-status">
                    {admin.disabledAt ? <span className="text-red-700 dark:text-red-300">Disabled {utc(admin.disabledAt)}</span> : <span className="text-green-700 dark:text-green-300">Active</span>}
                  </td>
                  <td className="py-2 pr-4 text-right tabular-nums" data-testid="admin-sessions">{admin.sessions}</td>
                  <td className="py-2 pr-4 whitespace-nowrap">{utc(admin.createdAt)}</td>
                  <td className="py-2 pr-4">
                    <Link href={self ? "/admin/account" : `/admin/admins/${encodeURIComponent(admin.id)}`} className="text-violet-700 hover:underline dark:text-violet-300">
                      {self ? "Change yours" : "Reset"}
                    </Link>
                  </td>
                  <td className="py-2">{self ? <span className="text-zinc-500">—</span> : <DisableForm action={setAdminDisabled} adminId={admin.id} username={admin.username} disabled={admin.disabledAt !== null} />}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </main>
  );
}
