import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { addCustomer } from "../../test/sms-fixtures.js";
import { Direction } from "../timeline/entry.enums.js";
import { ConversationModel, type Conversation } from "./conversation.model.js";
import { applyMessagesToContact, recordMessageOnContact } from "./conversation.service.js";

/** The inbox state is written as compare-and-set: a write from a stale read changes nothing and says so. */
describe("conversation writes guarded on what was read", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename });
  });
  afterAll(() => app.close());

  const message = (at: Date) => ({ entryId: new Types.ObjectId(), body: "hello", direction: Direction.INBOUND, at });

  it("refuses a write from a stale read, and the next read-decide-write counts both messages", async () => {
    const tenant = await createTenant("Guarded");
    const contact = await addCustomer(tenant.accountId, "+15146300333");
    const stale = (await ConversationModel.findById(contact._id).lean<Conversation>())!;
    // Someone else counts a message after our read.
    await ConversationModel.updateOne({ _id: contact._id }, { $set: { unread_count: 1 } });
    expect(await applyMessagesToContact(tenant.accountId, stale, [{ message: message(new Date()), unread: true }])).toBe(false);
    expect((await ConversationModel.findById(contact._id).lean())!.unread_count).toBe(1);

    await recordMessageOnContact(app.server.deps, tenant.accountId, contact._id, message(new Date()), { unread: true });
    expect((await ConversationModel.findById(contact._id).lean())!.unread_count).toBe(2);
  });
});
