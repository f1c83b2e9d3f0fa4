"use client";

import { useQuery } from "@apollo/client/react";
import { useEffect, useId, useRef, useState, type KeyboardEvent, type Ref } from "react";
import { graphql } from "@/gql";
import { newUuid } from "@/lib/ids";
import { formatPhoneNumber } from "@/lib/phone";
import { countSms, describeSmsCount, loadSmsCalculator, MAX_SMS_LENGTH } from "@/lib/sms-segments";
import { CannedIcon, SendIcon } from "@/ui/icons";
import { replyingSentence, useConversationActivity } from "./use-conversation-activity";
import { useSendSmsMutation } from "./use-send-sms";
import { ErrorNotice } from "@/ui/error-notice";

const ComposerQuery = graphql(`
  query Composer {
    phoneNumbers {
      id
      phoneNumber
      capabilities {
        sms
      }
    }
    me {
      agent {
        id
        name
      }
    }
  }
`);

/** Replies agents send often; picking one puts it in the message box, to edit before sending. */
const CANNED_REPLIES = [
  "I'll call you back later",
  "Thanks for your message! An agent will get back to you shortly.",
  "Is now a good time for a quick call?",
  "Could you share your order number, please?",
  "Your issue is resolved. Reply to this message if you need anything else.",
];

interface ComposerProps {
  /** Null until the contact exists (the /sms page creates it on the first Send, through `resolveContactId`). */
  contactId: string | null;
  contactName: string;
  /** The customer replied STOP: nothing can be sent until they reply START. */
  optedOut: boolean;
  resolveContactId?: () => Promise<string>;
  /** After a send to a contact that `resolveContactId` gave (whether the API took it or not). */
  onSettled?: (contactId: string) => void;
  /** Why nothing can be sent yet (e.g. no number typed), shown instead of sending. */
  blockedReason?: string | null;
  inputRef?: Ref<HTMLTextAreaElement>;
}

/**
 * Writes and sends an SMS. Enter sends, Shift+Enter starts a new line. The counter shows characters, segments and the
 * encoding as Twilio will send them. The message shows at once (QUEUED) and is replaced by the API's entry, never
 * shown twice; every press of Send carries a new idempotency key, so a retried request sends once.
 */
export function Composer(props: ComposerProps) {
  const id = useId();
  const [text, setText] = useState("");
  const [from, setFrom] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [cannedOpen, setCannedOpen] = useState(false);
  const [sending, setSending] = useState(false);
  const localRef = useRef<HTMLTextAreaElement | null>(null);
  const cannedRef = useRef<HTMLDivElement>(null);
  const { data } = useQuery(ComposerQuery);
  const sendSms = useSendSmsMutation();
  const activity = useConversationActivity(props.contactId);
  const replying = replyingSentence(activity.replying);
  // Twilio's calculator arrives after the page (countSms estimates until then); re-count once it is there.
  const [, setCalculatorLoaded] = useState(false);
  useEffect(() => {
    let active = true;
    void loadSmsCalculator().then(() => active && setCalculatorLoaded(true));
    return () => {
      active = false;
    };
  }, []);

  const smsNumbers = (data?.phoneNumbers ?? []).filter((n) => n.capabilities.sms);
  const count = countSms(text);
  const tooLong = count.characters > MAX_SMS_LENGTH;
  const reason = props.optedOut
    ? `${props.contactName} replied STOP: no SMS can be sent until they text START. Call them instead.`
    : (props.blockedReason ?? null);
  const disabled = Boolean(reason);
  const canSend = !disabled && !tooLong && text.trim() !== "" && !(sending && !props.contactId);

  // Close the canned replies when the focus or a click goes elsewhere.
  useEffect(() => {
    if (!cannedOpen) return;
    const close = (event: Event) => {
      if (!cannedRef.current?.contains(event.target as Node)) setCannedOpen(false);
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("focusin", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("focusin", close);
    };
  }, [cannedOpen]);

  function setRefs(el: HTMLTextAreaElement | null) {
    localRef.current = el;
    const ref = props.inputRef;
    if (typeof ref === "function") ref(el);
    else if (ref) (ref as { current: HTMLTextAreaElement | null }).current = el;
  }

  async function send() {
    if (!canSend) return;
    if (activity.recentReply) {
      const seconds = Math.max(1, Math.round((Date.now() - activity.recentReply.at) / 1000));
      if (!window.confirm(`${activity.recentReply.name} replied ${seconds} s ago. Send yours anyway?`)) return;
    }
    activity.stopped();
    const body = text;
    const idempotencyKey = newUuid(); // one per press of Send
    setError(null);
    setText("");
    setSending(true);
    let contactId: string | null | undefined = props.contactId;
    try {
      contactId = contactId ?? (await props.resolveContactId?.());
      if (!contactId) throw new Error("Choose who to text first.");
      await sendSms({
        contactId,
        body,
        from: from || null,
        idempotencyKey,
        segments: count.segments,
        encoding: count.encoding,
        agent: data?.me.agent ?? null,
      });
    } catch (err) {
      setError(err);
      // Give the text back unless the agent already started another message.
      setText((current) => current || body);
    } finally {
      setSending(false);
      if (contactId && !props.contactId) props.onSettled?.(contactId);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  }

  function insertCanned(reply: string) {
    const el = localRef.current;
    setCannedOpen(false);
    setText((current) => {
      if (!current.trim()) return reply;
      const start = el?.selectionStart ?? current.length;
      const end = el?.selectionEnd ?? current.length;
      const before = current.slice(0, start);
      const spacer = before && !/\s$/.test(before) ? " " : "";
      return `${before}${spacer}${reply}${current.slice(end)}`;
    });
    requestAnimationFrame(() => {
      el?.focus();
      const end = el?.value.length ?? 0;
      el?.setSelectionRange(end, end);
    });
  }

  const describedBy = [`${id}-count`, reason ? `${id}-reason` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <form
      className={`composer${disabled ? " composer--disabled" : ""}`}
      aria-label={`SMS to ${props.contactName}`}
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      {reason && (
        <p id={`${id}-reason`} className="composer__reason">
          {reason}
        </p>
      )}
      <p className="composer__activity" role="status">
        {replying}
      </p>
      <label htmlFor={`${id}-body`} className="visually-hidden">
        Message to {props.contactName}
      </label>
      <textarea
        id={`${id}-body`}
        ref={setRefs}
        className="composer__input"
        rows={2}
        value={text}
        disabled={disabled}
        aria-describedby={describedBy}
        aria-invalid={tooLong || undefined}
        placeholder={disabled ? "" : "Write an SMS… (Enter to send, Shift+Enter for a new line)"}
        onChange={(event) => {
          setText(event.target.value);
          activity.changed(event.target.value);
          if (error) setError(null);
        }}
        onKeyDown={onKeyDown}
      />
      <ErrorNotice error={error} id={`${id}-error`} className="composer__error" />
      <div className="composer__bar">
        <div className="composer__tools">
          <div className="canned" ref={cannedRef}>
            <button
              type="button"
              className="button button--quiet button--small"
              aria-expanded={cannedOpen}
              aria-controls={`${id}-canned`}
              disabled={disabled}
              onClick={() => setCannedOpen((open) => !open)}
              onKeyDown={(event) => {
                if (event.key === "Escape") setCannedOpen(false);
              }}
            >
              <CannedIcon size={16} />
              Canned replies
            </button>
            {cannedOpen && (
              <ul id={`${id}-canned`} className="canned__list" aria-label="Canned replies">
                {CANNED_REPLIES.map((reply) => (
                  <li key={reply}>
                    <button
                      type="button"
                      className="canned__item"
                      onClick={() => insertCanned(reply)}
                      onKeyDown={(event) => {
                        if (event.key === "Escape") setCannedOpen(false);
                      }}
                    >
                      {reply}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <label className="composer__from">
            <span className="composer__from-label">From</span>
            <select className="select" value={from} onChange={(event) => setFrom(event.target.value)} disabled={disabled}>
              <option value="">Automatic (the number they last texted)</option>
              {smsNumbers.map((n) => (
                <option key={n.id} value={n.phoneNumber}>
                  {formatPhoneNumber(n.phoneNumber)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="composer__send">
          <p id={`${id}-count`} className={`composer__count${tooLong ? " composer__count--bad" : ""}`}>
            {describeSmsCount(count)}
            {tooLong && ` — at most ${MAX_SMS_LENGTH.toLocaleString("en-US")}`}
          </p>
          <button type="submit" className="button button--primary" disabled={!canSend}>
            <SendIcon size={16} />
            Send
          </button>
        </div>
      </div>
    </form>
  );
}
