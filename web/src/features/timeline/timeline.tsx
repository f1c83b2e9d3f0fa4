"use client";

import { Fragment, useCallback, useEffect, useLayoutEffect, useRef } from "react";
import { getFragmentData, type FragmentType } from "@/gql";
import { dayLabel } from "@/lib/format";
import { isTempId } from "@/lib/ids";
import { TimelineEntry, TimelineEntryFragment } from "./timeline-entry";
import { ErrorNotice } from "@/ui/error-notice";

interface TimelineProps {
  /** The API's order: newest first. Shown the other way round, newest at the bottom, like a conversation. */
  edges: readonly { node: { id: string } & FragmentType<typeof TimelineEntryFragment> }[];
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError: unknown;
  /** Fetches the next page of older entries (`after: endCursor`). */
  onLoadOlder: () => void;
  contactName: string;
  label: string;
  emptyText: string;
}

/** How close to an edge (px) counts as "at" it. */
const NEAR = 96;

/**
 * A contact's timeline as a conversation: oldest at the top, newest at the bottom, scrolled to the bottom when it
 * opens. Scrolling to the top loads older entries and keeps what the agent was reading in place; a new entry scrolls
 * into view if the agent was at the bottom (or sent it), and otherwise waits below without moving the page.
 */
export function Timeline(props: TimelineProps) {
  const { edges, hasOlder, loadingOlder, olderError, onLoadOlder } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const positioned = useRef(false);
  const atBottom = useRef(true);
  /** Distance from the bottom when older entries were asked for: restored once they are rendered above. */
  const anchor = useRef<number | null>(null);
  const shown = [...edges].reverse();
  const oldestId = shown[0]?.node.id;
  const newestId = shown[shown.length - 1]?.node.id;
  const previous = useRef({ oldestId, newestId });

  const loadOlder = useCallback(() => {
    const el = scrollRef.current;
    if (!el || !hasOlder || loadingOlder) return;
    anchor.current = el.scrollHeight - el.scrollTop;
    onLoadOlder();
  }, [hasOlder, loadingOlder, onLoadOlder]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const before = previous.current;
    previous.current = { oldestId, newestId };
    if (!positioned.current) {
      if (shown.length === 0) return;
      el.scrollTop = el.scrollHeight;
      positioned.current = true;
      return;
    }
    if (oldestId !== before.oldestId && anchor.current !== null) {
      el.scrollTop = el.scrollHeight - anchor.current;
      anchor.current = null;
    }
    if (newestId !== before.newestId && (atBottom.current || (newestId && isTempId(newestId)))) {
      el.scrollTop = el.scrollHeight;
      atBottom.current = true;
    }
  });

  // A page that does not fill the box leaves nothing to scroll: load older entries until it does.
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || !positioned.current || !hasOlder || loadingOlder || olderError) return;
    if (el.scrollHeight <= el.clientHeight + NEAR) loadOlder();
  }, [edges, hasOlder, loadingOlder, olderError, loadOlder]);

  // Pictures and audio players change heights after rendering: stay at the bottom if the agent was there.
  useEffect(() => {
    const el = scrollRef.current;
    const list = listRef.current;
    if (!el || !list || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current && anchor.current === null) el.scrollTop = el.scrollHeight;
    });
    observer.observe(list);
    return () => observer.disconnect();
  }, []);

  function onScroll() {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR;
    if (el.scrollTop < NEAR) loadOlder();
  }

  let lastDay = "";
  return (
    <div className="timeline" ref={scrollRef} onScroll={onScroll} role="log" aria-label={props.label} tabIndex={0}>
      <div className="timeline__top">
        {hasOlder ? (
          <button type="button" className="button button--quiet button--small" onClick={loadOlder} disabled={loadingOlder}>
            {loadingOlder ? "Loading earlier activity…" : "Show earlier activity"}
          </button>
        ) : (
          shown.length > 0 && <p className="timeline__start">The beginning of your history with {props.contactName}.</p>
        )}
        <ErrorNotice error={olderError} />
      </div>
      {shown.length === 0 ? (
        <p className="timeline__empty">{props.emptyText}</p>
      ) : (
        <ol className="timeline__entries" ref={listRef}>
          {shown.map(({ node }) => {
            const { createdAt } = getFragmentData(TimelineEntryFragment, node);
            const day = dayLabel(createdAt);
            const separator = day !== lastDay;
            lastDay = day;
            return (
              <Fragment key={node.id}>
                {separator && (
                  <li className="day" aria-hidden="true">
                    <span>{day}</span>
                  </li>
                )}
                <TimelineEntry entry={node} contactName={props.contactName} />
              </Fragment>
            );
          })}
        </ol>
      )}
    </div>
  );
}
