import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found" };

/** The console's own 404 page: Next's default one is styled inline (style attributes), which the CSP refuses. */
export default function NotFound() {
  return (
    <main className="login-page">
      <div className="panel empty">
        <h1 className="empty__title">Page not found</h1>
        <p>
          This address is not a page of the console. <Link href="/inbox">Go to the inbox</Link>
        </p>
      </div>
    </main>
  );
}
