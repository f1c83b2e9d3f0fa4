"use client";

import { useMutation, useQuery } from "@apollo/client/react";
import { useId, useState } from "react";
import { getFragmentData } from "@/gql";
import type { ScheduledSmsItem_EntryFragment } from "@/gql/graphql";
import { customerClock, formatWhen } from "@/lib/format";
import { ErrorNotice } from "@/ui/error-notice";
import { ClockIcon } from "@/ui/icons";
import { WhenPicker } from "@/ui/when-picker";
import {
  CancelScheduledSmsMutation,
  EditScheduledSmsMutation,
  REFETCH_SCHEDULED,
  RescheduleSmsMutation,
  ScheduledSmsItemFragment,
  ScheduledSmsQuery,
} from "./scheduled-sms.documents";

/**
 * The messages scheduled for this contact and not sent yet, under the timeline (soonest first), each with its time in
 * the agent's zone and the customer's where it reads differently, and Edit, Reschedule and Cancel. Once sent, one
 * leaves this list and its SMS joins the timeline at the time it went.
 */
export function ScheduledSmsList(props: { contactId: string; contactName: string }) {
  const { data } = useQuery(ScheduledSmsQuery, { variables: { id: props.contactId }, fetchPolicy: "cache-and-network" });
  const pending = (data?.contact.scheduledSms ?? [])
    .map((entry) => getFragmentData(ScheduledSmsItemFragment, entry))
    .filter((entry) => entry.scheduledStatus === "SCHEDULED" || entry.scheduledStatus === "SENDING");
  if (pending.length === 0) return null;
  return (
    <section className="scheduled" aria-label="Scheduled messages">
      <ul className="scheduled__list">
        {pending.map((entry) => (
          <ScheduledSmsItem key={entry.id} entry={entry} contactName={props.contactName} customerZone={data?.contact.localTimeZone ?? null} />
        ))}
      </ul>
    </section>
  );
}

function ScheduledSmsItem(props: { entry: ScheduledSmsItem_EntryFragment; contactName: string; customerZone: string | null }) {
  const { entry } = props;
  const editId = useId();
  const [mode, setMode] = useState<"view" | "edit" | "reschedule">("view");
  const [draft, setDraft] = useState(entry.body);
  const options = { refetchQueries: REFETCH_SCHEDULED, onCompleted: () => setMode("view") };
  const [reschedule, rescheduling] = useMutation(RescheduleSmsMutation, options);
  const [edit, editing] = useMutation(EditScheduledSmsMutation, options);
  const [cancel, canceling] = useMutation(CancelScheduledSmsMutation, options);
  const busy = rescheduling.loading || editing.loading || canceling.loading;
  const sending = entry.scheduledStatus === "SENDING";
  const theirs = customerClock(entry.scheduledFor, props.customerZone);
  return (
    <li className="scheduled__item">
      <p className="scheduled__when">
        <ClockIcon size={14} />
        {sending ? "Sending now…" : "Scheduled for"} <time dateTime={entry.scheduledFor}>{formatWhen(entry.scheduledFor)}</time>
        {theirs && ` (${theirs} ${props.contactName}'s time)`}
      </p>
      {mode === "edit" ? (
        <div className="scheduled__edit">
          <label htmlFor={editId} className="visually-hidden">
            Scheduled message to {props.contactName}
          </label>
          <textarea id={editId} className="input" rows={2} value={draft} onChange={(event) => setDraft(event.target.value)} />
          <div className="scheduled__actions">
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={busy || !draft.trim()}
              onClick={() => void edit({ variables: { id: entry.id, body: draft } })}
            >
              Save
            </button>
            <button type="button" className="button button--quiet button--small" onClick={() => setMode("view")}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <p className="scheduled__body">{entry.body}</p>
      )}
      {mode === "reschedule" && (
        <WhenPicker
          label="Send at"
          submitLabel="Reschedule"
          initial={new Date(entry.scheduledFor)}
          busy={busy}
          onPick={(at) => void reschedule({ variables: { id: entry.id, sendAt: at.toISOString() } })}
          onCancel={() => setMode("view")}
        />
      )}
      {mode === "view" && !sending && (
        <div className="scheduled__actions">
          <button
            type="button"
            className="button button--quiet button--small"
            onClick={() => {
              setDraft(entry.body);
              setMode("edit");
            }}
          >
            Edit
          </button>
          <button type="button" className="button button--quiet button--small" onClick={() => setMode("reschedule")}>
            Reschedule
          </button>
          <button
            type="button"
            className="button button--quiet button--small"
            disabled={busy}
            onClick={() => void cancel({ variables: { id: entry.id } })}
          >
            Cancel message
          </button>
        </div>
      )}
      <ErrorNotice error={rescheduling.error ?? editing.error ?? canceling.error} />
    </li>
  );
}
