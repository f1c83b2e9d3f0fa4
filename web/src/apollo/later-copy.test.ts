import { gql } from "@apollo/client";
import { describe, expect, it } from "vitest";
import { createCache } from "./cache";
import { isLater } from "./later-copy";

// What a message's copies carry: a status, when it was set, and what else changes with it. Copies arrive as a field's
// value (a query, a mutation's answer, a subscription's event), as here.
const SmsCopy = gql`
  query SmsCopy {
    entry(id: "m1") {
      id
      ... on SmsEntry {
        status
        statusUpdatedAt
        errorCode
      }
    }
  }
`;

/** When each status was set: queued, sent, delivered or failed, then queued again by a retry. */
const QUEUED_AT = "2026-03-02T10:00:00.100Z";
const SENT_AT = "2026-03-02T10:00:01.000Z";
const DONE_AT = "2026-03-02T10:00:02.000Z";
const RETRIED_AT = "2026-03-02T10:05:00.000Z";

type Copy = [status: string, statusUpdatedAt: string | null, errorCode?: number | null];

/** Writes the copies of one message through the app's cache, in arrival order, and reads back what it keeps. */
function kept(...copies: Copy[]) {
  const cache = createCache();
  for (const [status, statusUpdatedAt, errorCode = null] of copies) {
    cache.writeQuery({ query: SmsCopy, data: { entry: { __typename: "SmsEntry", id: "m1", status, statusUpdatedAt, errorCode } } });
  }
  return cache.readQuery<{ entry: { status: string; statusUpdatedAt: string | null; errorCode: number | null } }>({ query: SmsCopy })?.entry;
}
const status = (...copies: Copy[]) => kept(...copies)?.status;

describe("the later of two copies of a message (statusUpdatedAt)", () => {
  it("never takes a message back (a late sendSms answer after a status callback)", () => {
    expect(status(["DELIVERED", DONE_AT], ["QUEUED", QUEUED_AT])).toBe("DELIVERED");
    expect(status(["SENT", SENT_AT], ["QUEUED", QUEUED_AT])).toBe("SENT");
    expect(status(["QUEUED", QUEUED_AT], ["SENT", SENT_AT])).toBe("SENT");
    expect(status(["SENT", SENT_AT], ["DELIVERED", DONE_AT])).toBe("DELIVERED");
    expect(status(["QUEUED", QUEUED_AT])).toBe("QUEUED");
  });

  it("lets a failed message start again (a retry)", () => {
    expect(status(["FAILED", DONE_AT], ["QUEUED", RETRIED_AT])).toBe("QUEUED");
    expect(status(["UNDELIVERED", DONE_AT], ["QUEUED", RETRIED_AT])).toBe("QUEUED");
  });

  it("keeps the incoming copy when the times are equal or missing (inbound messages have none)", () => {
    expect(status(["SENT", SENT_AT], ["QUEUED", SENT_AT])).toBe("QUEUED");
    expect(status(["RECEIVED", null], ["READ", null])).toBe("READ");
    expect(status(["SENT", SENT_AT], ["QUEUED", null])).toBe("QUEUED");
  });

  it("drops every field of the older copy, not only its status", () => {
    expect(kept(["FAILED", DONE_AT, 30003], ["QUEUED", QUEUED_AT, null])).toEqual({
      __typename: "SmsEntry",
      id: "m1",
      status: "FAILED",
      statusUpdatedAt: DONE_AT,
      errorCode: 30003,
    });
  });
});

describe("isLater", () => {
  it("compares ISO timestamps as times, and says no when either is missing", () => {
    expect(isLater(SENT_AT, QUEUED_AT)).toBe(true);
    expect(isLater(QUEUED_AT, SENT_AT)).toBe(false);
    expect(isLater(SENT_AT, SENT_AT)).toBe(false);
    expect(isLater("2026-03-02T11:00:01+01:00", "2026-03-02T10:00:00.500Z")).toBe(true);
    expect(isLater(SENT_AT, null)).toBe(false);
    expect(isLater(undefined, SENT_AT)).toBe(false);
    expect(isLater("soon", SENT_AT)).toBe(false);
  });
});
