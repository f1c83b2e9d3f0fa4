"use client";

import { usePathname, useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { signedOutOnPurpose, useToken } from "@/apollo/token";

/**
 * Renders its children only for a signed-in browser. Without a token it goes to /login (and back here after).
 * Nothing is rendered or fetched until the browser has been asked: the server cannot read localStorage.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const token = useToken();
  const router = useRouter();
  const pathname = usePathname();

  useEffect(() => {
    if (token === null) {
      // Come back here after signing in, unless the agent chose to leave.
      const comeBack = pathname && pathname !== "/" && !signedOutOnPurpose();
      router.replace(comeBack ? `/login?next=${encodeURIComponent(pathname)}` : "/login");
    }
  }, [token, router, pathname]);

  if (!token) {
    return (
      <p className="page-status" role="status">
        Loading…
      </p>
    );
  }
  return children;
}
