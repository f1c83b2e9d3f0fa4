import { useId, type ReactNode } from "react";

/** A labelled form control: `children` renders the control with the id its label points to. */
export function Field(props: { label: ReactNode; inline?: boolean; className?: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={["field", props.inline && "field--inline", props.className].filter(Boolean).join(" ")}>
      <label htmlFor={id} className="label">
        {props.label}
      </label>
      {props.children(id)}
    </div>
  );
}
