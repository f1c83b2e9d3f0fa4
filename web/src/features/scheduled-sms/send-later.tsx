"use client";

import { CombinedGraphQLErrors } from "@apollo/client";
import { useMutation } from "@apollo/client/react";
import { useEffect, useRef, useState } from "react";
import { ClockIcon } from "@/ui/icons";
import { WhenPicker } from "@/ui/when-picker";
import { REFETCH_SCHEDULED, ScheduleSmsMutation } from "./scheduled-sms.documents";

/** Schedules the composer's text: the API sends it at `sendAt` (through the same path as Send). */
export function useScheduleSms() {
  const [schedule, state] = useMutation(ScheduleSmsMutation, { refetchQueries: REFETCH_SCHEDULED });
  return {
    scheduling: state.loading,
    schedule: (input: { contactId: string; body: string; from: string | null; sendAt: Date; idempotencyKey: string }) =>
      schedule({ variables: { input: { ...input, from: input.from ?? undefined, sendAt: input.sendAt.toISOString() } } }),
  };
}

/** When "Send later" can send, in the agent's zone: in an hour, tomorrow at 8:00, or a date and time of their choosing. */
function laterChoices(now = new Date()): { label: string; at: Date }[] {
  const tomorrow = new Date(now);
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(8, 0, 0, 0);
  return [
    { label: "In 1 hour", at: new Date(now.getTime() + 3600_000) },
    { label: "Tomorrow 8:00 AM", at: tomorrow },
  ];
}

/** The composer's "Send later": a short menu, or a date and time. */
export function SendLater(props: { disabled: boolean; busy: boolean; onSchedule: (at: Date) => void }) {
  const [open, setOpen] = useState<"closed" | "menu" | "pick">("closed");
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open !== "menu") return;
    const close = (event: Event) => {
      if (!ref.current?.contains(event.target as Node)) setOpen("closed");
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);
  const pick = (at: Date) => {
    setOpen("closed");
    props.onSchedule(at);
  };
  return (
    <div className="send-later" ref={ref}>
      <button
        type="button"
        className="button button--secondary"
        aria-expanded={open !== "closed"}
        disabled={props.disabled || props.busy}
        onClick={() => setOpen((o) => (o === "closed" ? "menu" : "closed"))}
        onKeyDown={(event) => event.key === "Escape" && setOpen("closed")}
      >
        <ClockIcon size={16} />
        Send later
      </button>
      {open === "menu" && (
        <ul className="send-later__menu" aria-label="Send later">
          {laterChoices().map((choice) => (
            <li key={choice.label}>
              <button type="button" className="send-later__choice" onClick={() => pick(choice.at)}>
                {choice.label}
              </button>
            </li>
          ))}
          <li>
            <button type="button" className="send-later__choice" onClick={() => setOpen("pick")}>
              A date and time…
            </button>
          </li>
        </ul>
      )}
      {open === "pick" && (
        <div className="send-later__pick">
          <WhenPicker
            label="Send at"
            submitLabel="Schedule"
            initial={new Date(Date.now() + 2 * 60_000)}
            busy={props.busy}
            onPick={pick}
            onCancel={() => setOpen("closed")}
          />
        </div>
      )}
    </div>
  );
}

export interface QuietHoursRefusal {
  localTime: string;
  timeZone: string;
  nextAllowedAt: string;
}

/** The API's QUIET_HOURS refusal of a send, with the customer's time and the next allowed one; else null. */
export function quietHoursRefusal(error: unknown): QuietHoursRefusal | null {
  if (!CombinedGraphQLErrors.is(error)) return null;
  const ext = error.errors.find((e) => e.extensions?.code === "QUIET_HOURS")?.extensions;
  if (!ext || typeof ext.nextAllowedAt !== "string") return null;
  return { localTime: String(ext.localTime), timeZone: String(ext.timeZone), nextAllowedAt: ext.nextAllowedAt };
}

/**
 * The composer's answer to QUIET_HOURS: "It is 22:40 for Maria — send at 8:00 Maria's time?", scheduling it in one
 * click; or sending anyway with a reason, which the API records on the message (who, why).
 */
export function QuietHoursPrompt(props: {
  refusal: QuietHoursRefusal;
  contactName: string;
  busy: boolean;
  onSchedule: (at: Date) => void;
  /** Absent when the refused message was being scheduled (sending it now is not what the agent asked for). */
  onSendAnyway?: (reason: string) => void;
}) {
  const [reason, setReason] = useState<string | null>(null);
  const next = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit", timeZone: props.refusal.timeZone }).format(
    new Date(props.refusal.nextAllowedAt),
  );
  return (
    <div className="quiet-hours" role="alert">
      <p className="quiet-hours__text">
        {props.onSendAnyway ? "It is" : "That is"} {props.refusal.localTime} for {props.contactName} — send at {next} {props.contactName}&apos;s time?
      </p>
      <div className="quiet-hours__actions">
        <button
          type="button"
          className="button button--primary button--small"
          disabled={props.busy}
          onClick={() => props.onSchedule(new Date(props.refusal.nextAllowedAt))}
        >
          Schedule for {next} their time
        </button>
        {!props.onSendAnyway ? null : reason === null ? (
          <button type="button" className="button button--quiet button--small" onClick={() => setReason("")}>
            Send anyway…
          </button>
        ) : (
          <>
            <label className="visually-hidden" htmlFor="quiet-hours-reason">
              Why send now
            </label>
            <input
              id="quiet-hours-reason"
              className="input input--compact"
              placeholder="Why now? (recorded on the message)"
              value={reason}
              maxLength={500}
              onChange={(event) => setReason(event.target.value)}
            />
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={props.busy || !reason.trim()}
              onClick={() => props.onSendAnyway?.(reason)}
            >
              Send now
            </button>
          </>
        )}
      </div>
    </div>
  );
}
