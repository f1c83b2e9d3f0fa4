import { redirect } from "next/navigation";

/** The console opens on the inbox. */
export default function HomePage() {
  redirect("/inbox");
}
