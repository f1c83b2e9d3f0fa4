"use client";

import Link from "next/link";
import { useMemo, useState, type KeyboardEvent } from "react";
import { useCannedReplies } from "@/features/canned-replies/use-canned-replies";
import { errorMessage } from "@/apollo/errors";
import { fillTemplate, matchingReplies, slashQueryAt, type Placeholder, type TemplateValues } from "@/lib/canned-template";

/** A canned reply as the composer offers it: title and text filled for this conversation, with what stayed missing. */
export interface FilledReply {
  id: string;
  title: string;
  shortcut?: string | null;
  text: string;
  placeholders: Placeholder[];
}

/** The account's canned replies, filled with `values` (a missing value leaves its placeholder). */
export function useFilledCannedReplies(values: TemplateValues) {
  const { replies, loading, error } = useCannedReplies();
  const filled = useMemo(
    () =>
      replies.map((reply): FilledReply => {
        const body = fillTemplate(reply.body, reply.variables, values);
        return { id: reply.id, title: fillTemplate(reply.title, reply.variables, values).text, shortcut: reply.shortcut, ...body };
      }),
    [replies, values],
  );
  return { replies: filled, loading, error };
}

/** A reply's title, shortcut and filled text: all of it its accessible name, as all of it shows. */
function ReplyLabel({ reply }: { reply: FilledReply }) {
  return (
    <>
      <span className="canned__head">
        <span className="canned__title">{reply.title}</span>
        {reply.shortcut && <span className="canned__shortcut">{reply.shortcut}</span>}
      </span>
      <span className="canned__text">{reply.text}</span>
    </>
  );
}

/** The Canned replies button's list: every reply, a button each; Escape closes it. */
export function CannedList(props: {
  id: string;
  replies: ReturnType<typeof useFilledCannedReplies>;
  onPick: (reply: FilledReply) => void;
  onClose: () => void;
}) {
  const { replies, loading, error } = props.replies;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") props.onClose();
  };
  return (
    <ul id={props.id} className="canned__list" aria-label="Canned replies">
      {replies.map((reply) => (
        <li key={reply.id}>
          <button type="button" className="canned__item" onClick={() => props.onPick(reply)} onKeyDown={onKeyDown}>
            <ReplyLabel reply={reply} />
          </button>
        </li>
      ))}
      {(loading || error || !replies.length) && (
        <li className="canned__note">{loading ? "Loading canned replies…" : error ? errorMessage(error) : "No canned replies yet."}</li>
      )}
      <li className="canned__note">
        <Link href="/settings/canned-replies" onKeyDown={onKeyDown}>
          Manage canned replies
        </Link>
      </li>
    </ul>
  );
}

/** The slash list shows this many at most (typing on narrows it): it never scrolls, so the box keeps every key. */
const SLASH_LIST_LENGTH = 6;

/**
 * The list typing `/` opens in the message box (at its start, or after a space or line break): the replies whose
 * shortcut or title hold what follows the slash. The box keeps the focus; ArrowUp / ArrowDown move the highlight
 * (`aria-activedescendant`), Enter inserts, Escape closes it until the next `/`.
 */
export function useSlashPicker(text: string, replies: readonly FilledReply[], listId: string) {
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [closedAt, setClosedAt] = useState<number | null>(null);
  const token = slashQueryAt(text, Math.min(caret, text.length));
  const matches = token ? matchingReplies(replies, token.query).slice(0, SLASH_LIST_LENGTH) : [];
  const open = Boolean(token) && token!.start !== closedAt && matches.length > 0;
  const highlighted = Math.min(active, Math.max(0, matches.length - 1));

  /** Follows the caret (after typing, clicking or arrow keys in the box); a new query starts at the first match. */
  const follow = (value: string, at: number) => {
    const next = slashQueryAt(value, at);
    if (next?.query !== token?.query) setActive(0);
    if (!next) setClosedAt(null);
    setCaret(at);
  };

  /** The text once `reply` replaces the `/query` typed, and where the caret goes (no list opens there). */
  const insert = (reply: FilledReply) => {
    if (!token) return null;
    const value = `${text.slice(0, token.start)}${reply.text}${text.slice(token.end)}`;
    const at = token.start + reply.text.length;
    setClosedAt(slashQueryAt(value, at)?.start ?? null);
    setCaret(at);
    return { value, caret: at };
  };

  /** Handles the list's keys while it is open; false: the box's own handling applies. */
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>, pick: (reply: FilledReply) => void): boolean => {
    if (!open || event.nativeEvent.isComposing) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      setActive((highlighted + (event.key === "ArrowDown" ? 1 : -1) + matches.length) % matches.length);
    } else if (event.key === "Enter" && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey) {
      pick(matches[highlighted]);
    } else if (event.key === "Escape") {
      setClosedAt(token!.start);
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  };

  const optionId = (index: number) => `${listId}-option-${index}`;
  /** What the message box carries while the list is open. */
  const boxProps = {
    "aria-autocomplete": "list" as const,
    "aria-controls": open ? listId : undefined,
    "aria-activedescendant": open ? optionId(highlighted) : undefined,
  };
  return { open, matches, highlighted, query: token?.query ?? "", follow, insert, onKeyDown, optionId, boxProps };
}

/** The slash list itself: a listbox the message box controls; a click inserts too (the box keeps the focus). */
export function SlashList(props: { picker: ReturnType<typeof useSlashPicker>; id: string; onPick: (reply: FilledReply) => void }) {
  const { picker } = props;
  if (!picker.open) return null;
  return (
    <ul id={props.id} role="listbox" className="canned__list canned__list--slash" aria-label={`Canned replies matching /${picker.query}`}>
      {picker.matches.map((reply, index) => (
        <li
          key={reply.id}
          id={picker.optionId(index)}
          role="option"
          aria-selected={index === picker.highlighted}
          className="canned__item canned__option"
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => props.onPick(reply)}
        >
          <ReplyLabel reply={reply} />
        </li>
      ))}
    </ul>
  );
}
