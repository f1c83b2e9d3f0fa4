"use client";

import { useQuery } from "@apollo/client/react";
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { graphql } from "@/gql";
import { formatPhoneNumber, looksLikePhoneNumber } from "@/lib/phone";
import { Field } from "@/ui/field";
import { CloseIcon } from "@/ui/icons";
import { callAccount, receivedMessages, setCallOutcome, textAccount, type CallOutcome, type CustomerPhoneMessage } from "./customer-phone";

const CustomerPhoneQuery = graphql(`
  query CustomerPhone {
    phoneNumbers {
      id
      phoneNumber
      capabilities {
        sms
        voice
      }
    }
  }
`);

const POLL_MS = 2_000;

type Result = { ok: boolean; text: string } | null;

/** One thing the customer does: a titled form whose submit runs `action`, then says how it went. */
function ActionForm(props: {
  title: string;
  submit: string;
  busyLabel?: string;
  primary?: boolean;
  /** Why it cannot run yet (e.g. no number typed): the button is disabled. */
  disabled: boolean;
  action: () => Promise<unknown>;
  success: string;
  children: ReactNode;
}) {
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result>(null);
  async function run(event: FormEvent) {
    event.preventDefault();
    if (props.disabled) return;
    setBusy(true);
    setResult(null);
    try {
      await props.action();
      setResult({ ok: true, text: props.success });
    } catch (err) {
      setResult({ ok: false, text: err instanceof Error ? err.message : "It did not work." });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="phone-panel__section" onSubmit={run} aria-labelledby={titleId}>
      <h3 id={titleId} className="phone-panel__subtitle">
        {props.title}
      </h3>
      {props.children}
      <button type="submit" className={`button ${props.primary ? "button--primary" : "button--secondary"}`} disabled={busy || props.disabled}>
        {busy && props.busyLabel ? props.busyLabel : props.submit}
      </button>
      {result && <p className={`phone-panel__result phone-panel__result--${result.ok ? "ok" : "bad"}`}>{result.text}</p>}
    </form>
  );
}

/** A short number of seconds, on one line with its label. */
function NumberField(props: { label: string; min: number; max: number; value: number; onChange: (value: number) => void }) {
  return (
    <Field label={props.label} inline>
      {(id) => (
        <input
          id={id}
          className="input input--short"
          type="number"
          min={props.min}
          max={props.max}
          value={props.value}
          onChange={(e) => props.onChange(Number(e.target.value))}
        />
      )}
    </Field>
  );
}

/**
 * Development only (the API's Twilio simulator runs): a customer's phone, to try the console without Twilio. The
 * customer texts or calls the account through the real signed webhooks, chooses how they answer the agent's calls,
 * and sees the SMS their phone received.
 */
export function CustomerPhonePanel({ id, onClose }: { id: string; onClose: () => void }) {
  const uid = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const { data } = useQuery(CustomerPhoneQuery);
  const [number, setNumber] = useState("+15146300808");
  const [to, setTo] = useState("");
  const [body, setBody] = useState("please call me");
  const [outcome, setOutcome] = useState<CallOutcome>("no-answer");
  const [seconds, setSeconds] = useState(30);
  const [agentsAnswer, setAgentsAnswer] = useState(false);
  const [talkSeconds, setTalkSeconds] = useState(20);
  const [voicemailSeconds, setVoicemailSeconds] = useState(20);
  const [received, setReceived] = useState<CustomerPhoneMessage[] | null>(null);
  const [receivedError, setReceivedError] = useState<string | null>(null);
  const valid = looksLikePhoneNumber(number);
  const numbers = data?.phoneNumbers ?? [];

  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);

  // What this phone received, refreshed while the panel is open.
  useEffect(() => {
    if (!valid) {
      setReceived(null);
      return;
    }
    let stopped = false;
    const load = () =>
      receivedMessages(number.trim())
        .then((messages) => {
          if (!stopped) {
            setReceived(messages);
            setReceivedError(null);
          }
        })
        .catch((err: Error) => !stopped && setReceivedError(err.message));
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [number, valid]);

  return (
    <aside id={id} className="phone-panel" aria-labelledby={`${uid}-title`}>
      <div className="phone-panel__header">
        <h2 id={`${uid}-title`} className="phone-panel__title" tabIndex={-1} ref={headingRef}>
          Customer phone <span className="tag tag--dev">dev</span>
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close the customer phone">
          <CloseIcon size={18} />
        </button>
      </div>
      <p className="phone-panel__intro">Act as a customer: your texts and calls reach the account through Twilio&apos;s simulator.</p>

      <Field label="Customer's number">
        {(id) => <input id={id} className="input" type="tel" value={number} onChange={(e) => setNumber(e.target.value)} autoComplete="off" />}
      </Field>

      <ActionForm
        title="Text the account"
        submit="Send SMS as the customer"
        busyLabel="Sending…"
        primary
        disabled={!valid || !body.trim()}
        action={() => textAccount({ from: number.trim(), to: to || undefined, body })}
        success="Sent to the account through the signed webhook."
      >
        <Field label="To">
          {(id) => (
            <select id={id} className="select" value={to} onChange={(e) => setTo(e.target.value)}>
              <option value="">The account&apos;s first SMS number</option>
              {numbers
                .filter((n) => n.capabilities.sms)
                .map((n) => (
                  <option key={n.id} value={n.phoneNumber}>
                    {formatPhoneNumber(n.phoneNumber)}
                  </option>
                ))}
            </select>
          )}
        </Field>
        <Field label="Message">
          {(id) => <textarea id={id} className="input" rows={2} value={body} onChange={(e) => setBody(e.target.value)} />}
        </Field>
      </ActionForm>

      <section className="phone-panel__section" aria-labelledby={`${uid}-inbox`}>
        <h3 id={`${uid}-inbox`} className="phone-panel__subtitle">
          Received on this phone
        </h3>
        {receivedError && <p className="phone-panel__result phone-panel__result--bad">{receivedError}</p>}
        {!valid ? (
          <p className="muted">Type the customer&apos;s number.</p>
        ) : received === null ? (
          <p className="muted">Loading…</p>
        ) : received.length === 0 ? (
          <p className="muted">Nothing yet.</p>
        ) : (
          <ol className="phone-panel__messages">
            {[...received]
              .reverse()
              .slice(0, 20)
              .map((m) => (
                <li key={m.sid} className="phone-panel__message">
                  <p className="phone-panel__message-body">{m.body}</p>
                  <p className="phone-panel__message-meta">
                    from {formatPhoneNumber(m.from)} · {m.status}
                  </p>
                </li>
              ))}
          </ol>
        )}
      </section>

      <ActionForm
        title="When an agent calls this phone"
        submit="Set how the customer answers"
        disabled={!valid}
        action={() => setCallOutcome({ number: number.trim(), outcome, seconds: outcome === "answer" ? seconds : undefined })}
        success="Saved: the next calls to this number go that way."
      >
        <fieldset className="choices">
          <legend className="visually-hidden">The customer</legend>
          {(
            [
              ["answer", "Answers"],
              ["no-answer", "Does not answer"],
              ["busy", "Is busy"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="choice">
              <input type="radio" name={`${uid}-outcome`} value={value} checked={outcome === value} onChange={() => setOutcome(value)} />
              {label}
            </label>
          ))}
        </fieldset>
        {outcome === "answer" && <NumberField label="Talks for (seconds)" min={1} max={3600} value={seconds} onChange={setSeconds} />}
      </ActionForm>

      <ActionForm
        title="Call the account"
        submit="Call the account"
        disabled={!valid}
        action={() =>
          callAccount({
            from: number.trim(),
            to: to || undefined,
            agentsAnswer,
            seconds: agentsAnswer ? talkSeconds : undefined,
            voicemailSeconds: agentsAnswer ? null : voicemailSeconds > 0 ? voicemailSeconds : null,
          })
        }
        success="Calling the account…"
      >
        <label className="choice">
          <input type="checkbox" checked={agentsAnswer} onChange={(e) => setAgentsAnswer(e.target.checked)} />
          An agent answers
        </label>
        {agentsAnswer ? (
          <NumberField label="Talks for (seconds)" min={1} max={3600} value={talkSeconds} onChange={setTalkSeconds} />
        ) : (
          <NumberField
            label="Otherwise leave a voicemail of (seconds, 0 for none)"
            min={0}
            max={600}
            value={voicemailSeconds}
            onChange={setVoicemailSeconds}
          />
        )}
      </ActionForm>
    </aside>
  );
}
