"use client";

import { useQuery } from "@apollo/client/react";
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type Ref } from "react";
import { graphql } from "@/gql";
import { firstNameOf, unfilledReason, type Placeholder } from "@/lib/canned-template";
import { newUuid } from "@/lib/ids";
import { formatPhoneNumber } from "@/lib/phone";
import { countSms, describeSmsCount, loadSmsCalculator, MAX_SMS_LENGTH } from "@/lib/sms-segments";
import { CannedIcon, SendIcon } from "@/ui/icons";
import { CannedList, SlashList, useFilledCannedReplies, useSlashPicker, type FilledReply } from "./canned-menus";
import { replyingSentence, useConversationActivity } from "./use-conversation-activity";
import { useSendSmsMutation } from "./use-send-sms";
import { QuietHoursPrompt, quietHoursRefusal, SendLater, useScheduleSms, type QuietHoursRefusal } from "@/features/scheduled-sms/send-later";
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
      account {
        id
        name
      }
    }
  }
`);

interface ComposerProps {
  /** Null until the contact exists (the /sms page creates it on the first Send, through `resolveContactId`). */
  contactId: string | null;
  contactName: string;
  /** The contact's name as stored, for canned replies' {{contact.firstName}}; absent (or a number): none, a placeholder. */
  customerName?: string | null;
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
 * Canned replies (the team's, from the API) come from the Canned replies list or by typing `/shortcut`, filled for
 * this conversation; a placeholder one leaves (no first name known) must be replaced before Send works.
 */
export function Composer(props: ComposerProps) {
  const id = useId();
  const [text, setText] = useState("");
  const [from, setFrom] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [cannedOpen, setCannedOpen] = useState(false);
  const [sending, setSending] = useState(false);
  /** The API refused to send within the customer's quiet hours: what it said, and the text it refused. */
  const [quiet, setQuiet] = useState<{ refusal: QuietHoursRefusal; body: string; scheduling: boolean } | null>(null);
  const later = useScheduleSms();
  /** What canned replies put in the text that must be replaced before sending ("[first name]"). */
  const [placeholders, setPlaceholders] = useState<Placeholder[]>([]);
  const localRef = useRef<HTMLTextAreaElement | null>(null);
  const cannedRef = useRef<HTMLDivElement>(null);
  const { data } = useQuery(ComposerQuery);
  const sendSms = useSendSmsMutation();
  const activity = useConversationActivity(props.contactId);
  const replying = replyingSentence(activity.replying);
  const agentName = data?.me.agent?.name;
  const accountName = data?.me.account.name;
  const values = useMemo(
    () => ({ "contact.firstName": firstNameOf(props.customerName), "agent.firstName": firstNameOf(agentName), "account.name": accountName }),
    [props.customerName, agentName, accountName],
  );
  const canned = useFilledCannedReplies(values);
  const slash = useSlashPicker(text, canned.replies, `${id}-slash`);
  const unfilled = unfilledReason(text, placeholders);
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
  const canSend = !disabled && !tooLong && !unfilled && text.trim() !== "" && !(sending && !props.contactId);

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

  /**
   * Sends the text now, or schedules it (`at`): the box empties at once and gets the text back if the API refuses.
   * Within the customer's quiet hours the API answers QUIET_HOURS: the prompt then offers their next morning, or
   * sending anyway with a reason (`quietHoursOverride`).
   */
  async function send(opts: { at?: Date; quietHoursOverride?: string } = {}) {
    const body = quiet?.body ?? text;
    if (!quiet && !canSend) return;
    if (!opts.at && activity.recentReply) {
      const seconds = Math.max(1, Math.round((Date.now() - activity.recentReply.at) / 1000));
      if (!window.confirm(`${activity.recentReply.name} replied ${seconds} s ago. Send yours anyway?`)) return;
    }
    activity.stopped();
    const idempotencyKey = newUuid(); // one per press of Send
    setError(null);
    setQuiet(null);
    setText("");
    setPlaceholders([]);
    setSending(true);
    let contactId: string | null | undefined = props.contactId;
    try {
      contactId = contactId ?? (await props.resolveContactId?.());
      if (!contactId) throw new Error("Choose who to text first.");
      if (opts.at) {
        await later.schedule({ contactId, body, from: from || null, sendAt: opts.at, idempotencyKey });
      } else {
        const counted = countSms(body);
        await sendSms({
          contactId,
          body,
          from: from || null,
          idempotencyKey,
          segments: counted.segments,
          encoding: counted.encoding,
          agent: data?.me.agent ?? null,
          quietHoursOverride: opts.quietHoursOverride,
        });
      }
    } catch (err) {
      const refusal = quietHoursRefusal(err);
      if (refusal) setQuiet({ refusal, body, scheduling: Boolean(opts.at) });
      else setError(err);
      // Give the text back unless the agent already started another message.
      setText((current) => current || body);
    } finally {
      setSending(false);
      if (contactId && !props.contactId) props.onSettled?.(contactId);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (slash.onKeyDown(event, insertTyped)) return;
    if (event.key === "Enter" && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  }

  /** A canned reply from the list, at the caret (or as the whole text when the box is empty). */
  function insertCanned(reply: FilledReply) {
    const el = localRef.current;
    setCannedOpen(false);
    setPlaceholders((current) => [...current, ...reply.placeholders]);
    setText((current) => {
      if (!current.trim()) return reply.text;
      const start = el?.selectionStart ?? current.length;
      const end = el?.selectionEnd ?? current.length;
      const before = current.slice(0, start);
      const spacer = before && !/\s$/.test(before) ? " " : "";
      return `${before}${spacer}${reply.text}${current.slice(end)}`;
    });
    requestAnimationFrame(() => {
      el?.focus();
      const end = el?.value.length ?? 0;
      el?.setSelectionRange(end, end);
    });
  }

  /** A canned reply chosen from the slash list, in place of the `/shortcut` typed. */
  function insertTyped(reply: FilledReply) {
    const inserted = slash.insert(reply);
    if (!inserted) return;
    setText(inserted.value);
    setPlaceholders((current) => [...current, ...reply.placeholders]);
    activity.changed(inserted.value);
    if (error) setError(null);
    requestAnimationFrame(() => localRef.current?.setSelectionRange(inserted.caret, inserted.caret));
  }

  const describedBy = [`${id}-count`, reason ? `${id}-reason` : null, unfilled ? `${id}-unfilled` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
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
      <div className="composer__field">
        <SlashList picker={slash} id={`${id}-slash`} onPick={insertTyped} />
        <textarea
          id={`${id}-body`}
          ref={setRefs}
          className="composer__input"
          rows={2}
          value={text}
          disabled={disabled}
          aria-describedby={describedBy}
          aria-invalid={tooLong || undefined}
          {...slash.boxProps}
          placeholder={disabled ? "" : "Write an SMS… (Enter to send, Shift+Enter for a new line, / for a canned reply)"}
          onChange={(event) => {
            setText(event.target.value);
            if (quiet) setQuiet(null);
            slash.follow(event.target.value, event.target.selectionStart ?? event.target.value.length);
            activity.changed(event.target.value);
            if (error) setError(null);
          }}
          onSelect={(event) => slash.follow(event.currentTarget.value, event.currentTarget.selectionStart ?? 0)}
          onKeyDown={onKeyDown}
        />
      </div>
      <p className="visually-hidden" role="status">
        {slash.open ? `${slash.matches.length} canned replies match: arrow keys to choose, Enter to insert, Escape to close.` : ""}
      </p>
      {unfilled && (
        <p id={`${id}-unfilled`} className="composer__reason" role="status">
          {unfilled}
        </p>
      )}
      <ErrorNotice error={error} id={`${id}-error`} className="composer__error" />
      {quiet && (
        <QuietHoursPrompt
          refusal={quiet.refusal}
          contactName={props.contactName}
          busy={sending}
          onSchedule={(at) => void send({ at })}
          onSendAnyway={quiet.scheduling ? undefined : (why) => void send({ quietHoursOverride: why })}
        />
      )}
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
            {cannedOpen && <CannedList id={`${id}-canned`} replies={canned} onPick={insertCanned} onClose={() => setCannedOpen(false)} />}
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
          <SendLater disabled={!canSend || !props.contactId} busy={sending || later.scheduling} onSchedule={(at) => void send({ at })} />
          <button type="submit" className="button button--primary" disabled={!canSend}>
            <SendIcon size={16} />
            Send
          </button>
        </div>
      </div>
    </form>
  );
}
