import { byIdLoader } from "../platform/loaders.js";
import { ContactModel, type Contact } from "./contact.model.js";

/** Contacts by id within the caller's account, batched per request (a page of entries costs one query for them). */
export const contactById = byIdLoader<Contact>("contact", (ids, accountId) =>
  ContactModel.find({ _id: { $in: ids }, account_id: accountId })
    .lean<Contact[]>()
    .exec(),
);
