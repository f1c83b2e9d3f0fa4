import mongoose from "mongoose";
import type { Logger } from "./logger.js";
import { AccountModel } from "../accounts/account.model.js";
import { AgentModel } from "../auth/agent.model.js";
import { ApiKeyModel } from "../auth/api-key.model.js";
import { ContactModel, ContactPhoneNumberModel } from "../contacts/contact.model.js";
import { EntryModel } from "../entries/entry.model.js";
import { LockModel } from "./lock.js";
import { PhoneNumberModel } from "../phone-numbers/phone-number.model.js";

/** Every model whose indexes the service needs. Indexes are created at start-up, never lazily. */
export const MODELS = [AccountModel, AgentModel, ApiKeyModel, ContactModel, ContactPhoneNumberModel, EntryModel, PhoneNumberModel, LockModel];

mongoose.set("autoIndex", false);
mongoose.set("autoCreate", false);
// A filter on a field the model does not have is a bug (e.g. an SmsEntry field queried through the base Entry
// model, which mongoose would silently drop, matching everything): fail loudly instead.
mongoose.set("strictQuery", "throw");

/**
 * Connects the process-wide mongoose connection and makes sure every index exists.
 * Works on MongoDB 6+ and FerretDB v1 (no transactions, no $lookup are used anywhere).
 */
export async function connectDatabase(uri: string, opts: { dbName?: string; logger?: Logger } = {}): Promise<typeof mongoose> {
  await mongoose.connect(uri, { dbName: opts.dbName, serverSelectionTimeoutMS: 10_000 });
  await ensureIndexes();
  opts.logger?.info({ db: mongoose.connection.name }, "database connected");
  return mongoose;
}

export async function ensureIndexes(): Promise<void> {
  for (const model of MODELS) await model.createIndexes();
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}

export async function pingDatabase(): Promise<boolean> {
  try {
    const db = mongoose.connection.db;
    if (!db) return false;
    await db.admin().ping();
    return true;
  } catch {
    return false;
  }
}
