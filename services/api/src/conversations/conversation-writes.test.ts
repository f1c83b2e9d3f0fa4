import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTenant, startTestApp, type TestApp } from "../../test/helpers.js";
import { addCustomer } from "../../test/sms-fixtures.js";
import { contactLockKey, newContactFields } from "../contacts/contact.service.js";
import { leaseUnlessIsolated } from "../platform/lock.js";
import { Direction } from "../timeline/entry.enums.js";
import { ConversationModel, type Conversation } from "./conversation.model.js";
import { recordMessageOnContact, recordMessages, type ContactConversation } from "./conversation.service.js";

/** The inbox state is written forward-only, with no read first: whatever the order, the newest message shows. */
describe("conversation writes", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename });
  });
  afterAll(() => app.close());

  const message = (at: Date, body = "hello") => ({ entryId: new Types.ObjectId(), body, direction: Direction.INBOUND, at });
  const read = async (id: Types.ObjectId) => (await ConversationModel.findById(id).lean<Conversation>())!;

  it("keeps the newest message shown and counts every one, whatever order they are recorded in", async () => {
    const tenant = await createTenant("Forward");
    const contact = await addCustomer(tenant.accountId, "+15146300333");
    const t = Date.now();
    const before = await recordMessages(tenant.accountId, contact._id, [{ message: message(new Date(t), "newer"), unread: true }]);
    expect(before?.unread_count ?? 0).toBe(0);
    await recordMessages(tenant.accountId, contact._id, [{ message: message(new Date(t - 60_000), "older"), unread: true, optedOut: true }]);
    const after = await read(contact._id);
    expect(after).toMatchObject({ unread_count: 2, sms_opted_out: true, last_message: { preview: "newer" } });
    expect(after.last_activity_at.getTime()).toBe(t);
    // An outbound message counts nothing and still shows when it is the newest.
    await recordMessages(tenant.accountId, contact._id, [
      { message: { ...message(new Date(t + 1000), "sent"), direction: Direction.OUTBOUND }, unread: false, optedOut: false },
    ]);
    expect(await read(contact._id)).toMatchObject({
      unread_count: 2,
      sms_opted_out: false,
      last_message: { preview: "sent", direction: Direction.OUTBOUND },
    });
  });

  it("creates the contact of a new customer in the same update, once however many race", async () => {
    const tenant = await createTenant("Upsert");
    const id = new Types.ObjectId();
    const at = new Date();
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        // As its callers do: under the contact's lease where updates are not isolated (FerretDB).
        leaseUnlessIsolated(contactLockKey(id), () =>
          recordMessages(
            tenant.accountId,
            id,
            [{ message: message(new Date(at.getTime() + i), `m${i}`), unread: true }],
            newContactFields("+15146300444"),
          ),
        ),
      ),
    );
    const created = (await ConversationModel.findById(id).lean<ContactConversation>())!;
    expect(created).toMatchObject({ name: "+15146300444", phone_numbers: ["+15146300444"], unread_count: 5, last_message: { preview: "m4" } });
    expect(created.account_id).toEqual(tenant.accountId);
    expect(created.created_at).toBeInstanceOf(Date);
  });

  it("counts ten messages recorded at once (no lost update)", async () => {
    const tenant = await createTenant("Parallel");
    const contact = await addCustomer(tenant.accountId, "+15146300555");
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        recordMessageOnContact(app.server.deps, tenant.accountId, contact._id, message(new Date(Date.now() + i)), { unread: true }),
      ),
    );
    expect((await read(contact._id)).unread_count).toBe(10);
  });

  it("writes nothing for another account's contact", async () => {
    const owner = await createTenant("Owner");
    const other = await createTenant("Other");
    const contact = await addCustomer(owner.accountId, "+15146300666");
    expect(await recordMessages(other.accountId, contact._id, [{ message: message(new Date()), unread: true }])).toBeNull();
    expect((await read(contact._id)).unread_count ?? 0).toBe(0);
  });
});
