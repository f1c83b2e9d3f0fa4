import { AccountModel } from "../accounts/account.model.js";
import { AgentModel } from "../auth/agent.model.js";
import { ApiKeyModel } from "../auth/api-key.model.js";
import { AgentPresenceModel } from "../auth/presence.js";
import { SessionModel } from "../auth/session.model.js";
import { CannedReplyModel } from "../canned-replies/canned-reply.model.js";
import { ContactModel, ContactPhoneNumberModel } from "../contacts/contact.model.js";
import { ConversationModel } from "../conversations/conversation.model.js";
import { PhoneNumberModel } from "../phone-numbers/phone-number.model.js";
import { connectDatabase } from "../platform/database.js";
import { LockModel } from "../platform/lock.js";
import type { Logger } from "../platform/logger.js";
import { EntryModel } from "../timeline/entry.model.js";
// The entry kinds register their discriminators on EntryModel when loaded.
import "../calls/call-entry.model.js";
import "../sms/sms-entry.model.js";
import "../conversations/conversation-event.model.js";

/**
 * Every model whose indexes the service needs (indexes are created at start-up, never lazily). Entry kinds share
 * EntryModel's collection and indexes. app/query-shapes.test.ts checks the hot paths' queries against these.
 */
export const MODELS = [
  AccountModel,
  AgentModel,
  AgentPresenceModel,
  ApiKeyModel,
  CannedReplyModel,
  ContactModel,
  ContactPhoneNumberModel,
  ConversationModel,
  EntryModel,
  PhoneNumberModel,
  SessionModel,
  LockModel,
];

/** Connects the process-wide connection and creates every index of the API. */
export function connectAppDatabase(uri: string, opts: { dbName?: string; logger?: Logger; monitorCommands?: boolean } = {}) {
  return connectDatabase(uri, { ...opts, models: MODELS });
}
