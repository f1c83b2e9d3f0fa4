"use client";

import { useId, useState } from "react";

/** A `datetime-local` value (the browser's time zone, to the minute) for a date. */
const localInputValue = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}T${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;

/** A date and time in the agent's zone, to send at (or move to); it must be in the future (the API checks it too). */
export function WhenPicker(props: {
  label: string;
  submitLabel: string;
  initial: Date;
  busy: boolean;
  onPick: (at: Date) => void;
  onCancel: () => void;
}) {
  const inputId = useId();
  const [value, setValue] = useState(() => localInputValue(props.initial));
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <div className="when-picker">
      <label htmlFor={inputId} className="when-picker__label">
        {props.label}
      </label>
      <input
        id={inputId}
        type="datetime-local"
        className="input input--compact"
        required
        value={value}
        aria-invalid={problem ? true : undefined}
        onChange={(event) => {
          setValue(event.target.value);
          setProblem(null);
        }}
      />
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={props.busy}
        onClick={() => {
          const at = new Date(value); // "YYYY-MM-DDTHH:mm" reads as the browser's local time
          if (Number.isNaN(at.getTime()) || at.getTime() <= Date.now()) return setProblem("Choose a time in the future.");
          props.onPick(at);
        }}
      >
        {props.submitLabel}
      </button>
      <button type="button" className="button button--quiet button--small" onClick={props.onCancel}>
        Cancel
      </button>
      {problem && (
        <span role="alert" className="when-picker__problem">
          {problem}
        </span>
      )}
    </div>
  );
}
