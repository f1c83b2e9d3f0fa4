import { Types } from "mongoose";
import { AccountModel } from "../accounts/account.model.js";
import { newestFirst, type Connection } from "../platform/connection.js";
import { badInput, notFound, quote } from "../platform/errors.js";
import { isTimeZone } from "../platform/time-zones.js";
import { requireE164, searchDigits } from "../platform/e164.js";
import { leaseUnlessIsolated, withLock } from "../platform/lock.js";
import { parseObjectId } from "../platform/object-id.js";
import { ContactModel, ContactPhoneNumberModel, type Contact } from "./contact.model.js";
import { insertOrFind, isDuplicateKey } from "../platform/mongo-errors.js";

export interface ContactFields {
  name?: string | null;
  phoneNumbers?: string[] | null;
  email?: string | null;
  company?: string | null;
  /** An IANA zone ("America/Toronto"); null clears it (the number's zone is then inferred). */
  timeZone?: string | null;
}

const MAX_NAME = 200;
/** The longest address SMTP delivers to (RFC 5321). */
const MAX_EMAIL = 254;
const MAX_NUMBERS = 10;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A claim without its contact is a creation in flight; after this long it is a crash's leftover and may be taken. */
const STALE_CLAIM_MS = 30_000;

export async function getContact(accountId: Types.ObjectId, id: string): Promise<Contact> {
  const _id = parseObjectId(id, "contact id", "id");
  const contact = await ContactModel.findOne({ _id, account_id: accountId }).lean<Contact>().exec();
  if (!contact) throw notFound("contact", id);
  return contact;
}

async function defaultCountry(accountId: Types.ObjectId): Promise<string> {
  const account = await AccountModel.findById(accountId, { default_country: 1 }).lean().exec();
  return account?.default_country ?? "US";
}

/** Validates and normalises what an agent typed. Only the fields present are returned. */
async function normalise(accountId: Types.ObjectId, input: ContactFields, creating: boolean) {
  const out: { name?: string; phone_numbers?: string[]; email?: string | null; company?: string | null; time_zone?: string | null } = {};
  if (input.name !== undefined && input.name !== null) {
    const name = input.name.trim();
    if (!name) throw badInput("The name cannot be empty.", "name");
    if (name.length > MAX_NAME) throw badInput(`The name is too long: at most ${MAX_NAME} characters.`, "name");
    out.name = name;
  } else if (creating && !input.phoneNumbers?.length) {
    throw badInput("A contact needs a name or a phone number.", "name");
  }
  if (input.phoneNumbers !== undefined && input.phoneNumbers !== null) {
    if (input.phoneNumbers.length > MAX_NUMBERS) throw badInput(`A contact has at most ${MAX_NUMBERS} numbers.`, "phoneNumbers");
    const country = await defaultCountry(accountId);
    out.phone_numbers = [...new Set(input.phoneNumbers.map((n) => requireE164(n, "phoneNumbers", country)))];
  }
  if (input.email !== undefined) {
    const email = input.email?.trim().toLowerCase() || null;
    if (email && email.length > MAX_EMAIL) throw badInput(`The email address is too long: at most ${MAX_EMAIL} characters.`, "email");
    if (email && !EMAIL.test(email)) throw badInput(`${quote(input.email)} is not an email address.`, "email");
    out.email = email;
  }
  if (input.company !== undefined) {
    const company = input.company?.trim() || null;
    if (company && company.length > MAX_NAME) throw badInput(`The company is too long: at most ${MAX_NAME} characters.`, "company");
    out.company = company;
  }
  if (input.timeZone !== undefined) {
    const tz = input.timeZone?.trim() || null;
    if (tz && !isTimeZone(tz))
      throw badInput(`${quote(tz)} is not a time zone: use an IANA name such as America/Toronto or Europe/Lisbon.`, "timeZone");
    out.time_zone = tz;
  }
  return out;
}

/**
 * Claims numbers for a contact, one unique (account, number) document each. On a number another contact holds,
 * releases what it claimed and refuses, naming that contact.
 */
async function claimNumbers(accountId: Types.ObjectId, contactId: Types.ObjectId, numbers: string[]): Promise<void> {
  const claimed: string[] = [];
  try {
    for (const phone_number of numbers) {
      await claimOne(accountId, contactId, phone_number);
      claimed.push(phone_number);
    }
  } catch (err) {
    await ContactPhoneNumberModel.deleteMany({ account_id: accountId, contact_id: contactId, phone_number: { $in: claimed } });
    throw err;
  }
}

async function claimOne(accountId: Types.ObjectId, contactId: Types.ObjectId, phone_number: string): Promise<void> {
  try {
    await ContactPhoneNumberModel.create({ account_id: accountId, phone_number, contact_id: contactId });
    return;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const claim = await ContactPhoneNumberModel.findOne({ account_id: accountId, phone_number }).lean().exec();
  if (!claim || claim.contact_id.equals(contactId)) return;
  const owner = await ContactModel.findOne({ _id: claim.contact_id, account_id: accountId }, { name: 1 }).lean().exec();
  if (!owner && Date.now() - claim._id.getTimestamp().getTime() > STALE_CLAIM_MS) {
    const taken = await ContactPhoneNumberModel.findOneAndUpdate(
      { _id: claim._id, contact_id: claim.contact_id },
      { $set: { contact_id: contactId } },
    ).exec();
    if (taken) return;
  }
  throw badInput(
    owner
      ? `${phone_number} is already the number of ${owner.name}: edit that contact, or remove the number from it first.`
      : `${phone_number} is being added to another contact right now; try again in a moment.`,
    "phoneNumbers",
  );
}

export async function createContact(accountId: Types.ObjectId, input: ContactFields): Promise<Contact> {
  const fields = await normalise(accountId, input, true);
  const numbers = fields.phone_numbers ?? [];
  const _id = new Types.ObjectId();
  await claimNumbers(accountId, _id, numbers);
  const now = new Date();
  const doc = await ContactModel.create({
    _id,
    account_id: accountId,
    name: fields.name ?? numbers[0],
    phone_numbers: numbers,
    email: fields.email ?? undefined,
    company: fields.company ?? undefined,
    time_zone: fields.time_zone ?? undefined,
    last_activity_at: now,
  });
  return doc.toObject();
}

export const contactLockKey = (contactId: Types.ObjectId | string) => `contact:${String(contactId)}`;

export async function updateContact(accountId: Types.ObjectId, id: string, input: ContactFields): Promise<Contact> {
  const { _id } = await getContact(accountId, id);
  const fields = await normalise(accountId, input, false);
  return withLock(contactLockKey(_id), async () => {
    const current = await getContact(accountId, id);
    return applyContactUpdate(accountId, current, fields);
  });
}

async function applyContactUpdate(accountId: Types.ObjectId, current: Contact, fields: Awaited<ReturnType<typeof normalise>>): Promise<Contact> {
  const id = String(current._id);
  const had = current.phone_numbers ?? [];
  const added = fields.phone_numbers?.filter((n) => !had.includes(n)) ?? [];
  const removed = fields.phone_numbers ? had.filter((n) => !fields.phone_numbers!.includes(n)) : [];
  await claimNumbers(accountId, current._id, added);

  const $set: Record<string, unknown> = {};
  const $unset: Record<string, 1> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (v === null) $unset[k] = 1;
    else $set[k] = v;
  }
  const updated = await ContactModel.findOneAndUpdate(
    { _id: current._id, account_id: accountId },
    { ...(Object.keys($set).length ? { $set } : {}), ...(Object.keys($unset).length ? { $unset } : {}) },
    { returnDocument: "after" },
  )
    .lean<Contact>()
    .exec();
  if (!updated) throw notFound("contact", id);
  if (removed.length) {
    await ContactPhoneNumberModel.deleteMany({ account_id: accountId, contact_id: current._id, phone_number: { $in: removed } });
  }
  return updated;
}

/**
 * The contact id a number belongs to in an account, claiming it for a new contact when nobody has it. The unique
 * claim decides, so concurrent callers (two webhooks for a new customer) get the same id.
 */
export async function claimContactId(accountId: Types.ObjectId, e164: string): Promise<Types.ObjectId> {
  const claim = await ContactPhoneNumberModel.findOne({ account_id: accountId, phone_number: e164 }).lean().exec();
  if (claim) return claim.contact_id;
  try {
    const created = await ContactPhoneNumberModel.create({ account_id: accountId, phone_number: e164, contact_id: new Types.ObjectId() });
    return created.contact_id;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const winner = await ContactPhoneNumberModel.findOne({ account_id: accountId, phone_number: e164 }).lean().exec();
    if (!winner) throw err;
    return winner.contact_id;
  }
}

/**
 * The contact behind a claimed id, created (named by the number) if it does not exist yet — also when a claim was
 * left by a crash before its contact was written, which heals it. The insert is keyed on the claimed id, so of two
 * concurrent callers one creates it and the other reads it.
 */
export async function ensureContact(
  accountId: Types.ObjectId,
  contactId: Types.ObjectId,
  e164: string,
): Promise<{ contact: Contact; created: boolean }> {
  const existing = await ContactModel.findOne({ _id: contactId, account_id: accountId }).lean<Contact>().exec();
  if (existing) return { contact: existing, created: false };
  const { doc, inserted } = await insertOrFind(
    async () =>
      (await ContactModel.create({ _id: contactId, account_id: accountId, ...newContactFields(e164), last_activity_at: new Date() })).toObject(),
    () => ContactModel.findOne({ _id: contactId, account_id: accountId }).lean<Contact>().exec(),
  );
  return { contact: doc, created: inserted };
}

/** A new contact's own fields when it is created by a message from its number (it is named by the number). */
export const newContactFields = (e164: string) => ({ name: e164, phone_numbers: [e164], created_at: new Date() });

/** The contact that owns a number, created when there is none; one contact however many callers race. */
export async function findOrCreateContactByNumber(accountId: Types.ObjectId, e164: string): Promise<{ contact: Contact; created: boolean }> {
  const contactId = await claimContactId(accountId, e164);
  return leaseUnlessIsolated(contactLockKey(contactId), () => ensureContact(accountId, contactId, e164));
}

export interface ContactSearch {
  search?: string | null;
  first?: number | null;
  after?: string | null;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Contacts (and the inbox, which pages the same documents the same way) by last activity, newest first. */
export const contactsByActivity = newestFirst<{ _id: Types.ObjectId; last_activity_at: Date }>("contact", "last_activity_at");

/** Contacts by last activity, newest first; `search` matches a name, email or company, or a number in any format. */
export async function searchContacts(accountId: Types.ObjectId, args: ContactSearch): Promise<Connection<Contact>> {
  const filter: Record<string, unknown>[] = [{ account_id: accountId }];
  const search = args.search?.trim();
  if (search) {
    if (search.length > 100) throw badInput("The search is too long: at most 100 characters.", "search");
    const digits = searchDigits(search);
    if (digits) filter.push({ phone_numbers: { $regex: escapeRegex(digits) } });
    else {
      const re = { $regex: escapeRegex(search), $options: "i" };
      filter.push({ $or: [{ name: re }, { email: re }, { company: re }] });
    }
  }
  return contactsByActivity.page(args, filter, (f, sort, limit) => ContactModel.find(f).sort(sort).limit(limit).lean<Contact[]>().exec());
}

/** Moves the contact's last activity forward (never back) when an entry lands on its timeline. */
export async function touchContact(accountId: Types.ObjectId, contactId: Types.ObjectId, at: Date): Promise<void> {
  // `$max` is one atomic update on MongoDB; FerretDB's is a read-modify-write, hence the lease there.
  await leaseUnlessIsolated(contactLockKey(contactId), () =>
    ContactModel.updateOne({ _id: contactId, account_id: accountId }, { $max: { last_activity_at: at } }).exec(),
  );
}
