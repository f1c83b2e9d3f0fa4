import type { ReactNode } from "react";
import { errorMessage } from "@/apollo/errors";

/** Why an operation failed, announced at once (`role="alert"`); nothing while there is no error. */
export function ErrorNotice(props: { error: unknown; id?: string; className?: string; children?: ReactNode }) {
  if (!props.error) return null;
  return (
    <p id={props.id} className={props.className ?? "notice notice--error"} role="alert">
      {props.children ?? errorMessage(props.error)}
    </p>
  );
}
