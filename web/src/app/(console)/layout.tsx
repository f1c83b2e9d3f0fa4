import type { ReactNode } from "react";
import { AppShell } from "@/shell/app-shell";

/** Every signed-in page shares the console frame; it stays mounted while the agent moves between pages. */
export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return <AppShell>{children}</AppShell>;
}
