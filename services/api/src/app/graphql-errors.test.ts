import mongoose, { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capturingLogger, codes, createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { postSigned } from "../../test/sms-fixtures.js";
import { WebhookPath } from "../twilio/webhook-paths.js";
import { INTERNAL_ERROR_MESSAGE } from "./graphql-errors.js";

/** A cursor as an attacker would craft one: base64url of a JSON array, tagged with the list's kind. */
const craft = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString("base64url");

describe("what clients learn of our errors", () => {
  let app: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  const log = capturingLogger();

  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename, logger: log.logger });
    tenant = await createTenant("Errors");
  });
  afterAll(() => app.close());

  it("masks an unexpected error: a generic sentence, INTERNAL_SERVER_ERROR and the request id that finds the detail in the log", async () => {
    // An entry whose contact is gone: reading its contact is a bug, not the caller's mistake.
    const entryId = new Types.ObjectId();
    await mongoose.connection.db!.collection("entries").insertOne({
      _id: entryId,
      _type: "NoteEntry",
      account_id: tenant.accountId,
      customer_id: new Types.ObjectId(),
      body: "orphan",
    });
    const res = await fetch(`${app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tenant.token}` },
      body: JSON.stringify({ query: `query($id: ID!) { entry(id: $id) { id contact { id } } }`, variables: { id: String(entryId) } }),
    });
    const body = (await res.json()) as { errors?: unknown[] };
    const requestId = res.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.errors).toEqual([
      {
        message: INTERNAL_ERROR_MESSAGE,
        locations: expect.any(Array),
        path: ["entry", "contact"],
        extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
      },
    ]);
    expect(JSON.stringify(body)).not.toContain("missing contact");
    const logged = log.records().find((r) => r.msg === "unexpected GraphQL error");
    expect(logged).toMatchObject({ reqId: requestId, err: { message: expect.stringContaining("refers to a missing contact") } });
  });

  it("answers a crafted cursor with BAD_USER_INPUT, never a database message", async () => {
    const id = String(new Types.ObjectId());
    for (const at of [1e300, -1e300, "2020-01-01", null]) {
      for (const field of ["contacts", "conversations"]) {
        const res = await app.gql(
          `query($after: String) { ${field}(after: $after) { edges { cursor } } }`,
          { after: craft(["contact", at, id]) },
          tenant.token,
        );
        expect(codes(res)).toEqual(["BAD_USER_INPUT"]);
        expect(res.errors![0].message).toBe("`after` is not a cursor of this list: pass a pageInfo.endCursor you received from it.");
      }
    }
    const contact = (await app.gql(`mutation { createContact(input: { name: "Cursor" }) { id } }`, {}, tenant.token)).data.createContact;
    const timeline = await app.gql(
      `query($id: ID!, $after: String) { contact(id: $id) { timeline(after: $after) { edges { cursor } } } }`,
      { id: contact.id, after: craft(["entry", "aaaaaaaaaaaa"]) },
      tenant.token,
    );
    expect(codes(timeline)).toEqual(["BAD_USER_INPUT"]);
  });

  it("refuses an unsigned webhook without echoing where it is deployed", async () => {
    const res = await postSigned(`${app.url}${WebhookPath.incomingSms}`, { From: "+15146300808" }, "not-the-token");
    expect(res).toEqual({ status: 403, body: "Invalid or missing X-Twilio-Signature." });
    expect(res.body).not.toContain(app.config.publicUrl);
  });
});
