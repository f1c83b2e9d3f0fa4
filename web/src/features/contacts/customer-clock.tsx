"use client";

import { useMutation } from "@apollo/client/react";
import { useEffect, useId, useMemo, useState } from "react";
import { graphql } from "@/gql";
import { ErrorNotice } from "@/ui/error-notice";

const SetContactTimeZoneMutation = graphql(`
  mutation SetContactTimeZone($id: ID!, $timeZone: String) {
    updateContact(id: $id, input: { timeZone: $timeZone }) {
      id
      timeZone
      localTimeZone
    }
  }
`);

/** Every zone this browser knows, for the picker (a few hundred names). */
function knownZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.("timeZone") ?? [];
}

/**
 * The customer's time now (quiet hours follow it), and where they are: read from their number, or set here when the
 * number says wrong or nothing (a customer who moved, a country of several zones).
 */
export function CustomerClock(props: { contactId: string; timeZone: string | null; localTimeZone: string | null }) {
  const selectId = useId();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const zones = useMemo(knownZones, []);
  const [save, saving] = useMutation(SetContactTimeZoneMutation);
  const zone = props.localTimeZone;
  const time = zone ? new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit", timeZone: zone }).format(now) : null;
  return (
    <span className="customer-clock">
      <span>{time ? `${time} their time` : "Their time zone is unknown"}</span>
      <label htmlFor={selectId} className="visually-hidden">
        Time zone
      </label>
      <select
        id={selectId}
        className="select select--quiet customer-clock__zone"
        value={props.timeZone ?? ""}
        disabled={saving.loading}
        onChange={(event) => void save({ variables: { id: props.contactId, timeZone: event.target.value || null } })}
      >
        <option value="">{props.timeZone ? "From their number" : `From their number${zone ? ` (${zone})` : ""}`}</option>
        {zones.map((tz) => (
          <option key={tz} value={tz}>
            {tz}
          </option>
        ))}
      </select>
      <ErrorNotice error={saving.error} />
    </span>
  );
}
