import type { Types } from "mongoose";
import { getContact, touchContact } from "../contacts/contact.service.js";
import type { Viewer } from "../platform/context.js";
import type { Deps } from "../platform/deps.js";
import { publishTimeline } from "./entry-events.js";
import { badInput } from "../platform/errors.js";
import { NoteEntryModel, type NoteEntry } from "./entry.model.js";

const MAX_NOTE_LENGTH = 10_000;

export async function createNote(deps: Deps, viewer: Viewer, contactId: string, body: string): Promise<NoteEntry> {
  const text = (body ?? "").trim();
  if (!text) throw badInput("A note cannot be empty.", "body");
  if (text.length > MAX_NOTE_LENGTH) throw badInput(`A note holds at most ${MAX_NOTE_LENGTH} characters; this one has ${text.length}.`, "body");
  const contact = await getContact(viewer.accountId, contactId);
  const now = new Date();
  const doc = await NoteEntryModel.create({
    account_id: viewer.accountId,
    customer_id: contact._id,
    customer_phone_number: contact.phone_numbers?.[0],
    body: text,
    agent_id: viewer.agentId,
    created_at: now,
  });
  await touchContact(viewer.accountId, contact._id as Types.ObjectId, now);
  const note = doc.toObject();
  publishTimeline(deps, note);
  return note;
}
