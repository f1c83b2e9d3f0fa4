import type { Types } from "mongoose";
import { getAccount } from "../accounts/account.service.js";
import { AppError, ErrorCode, badInput, forbidden, quote } from "../platform/errors.js";
import { requireE164, toE164 } from "../platform/e164.js";
import { PhoneNumberModel, type PhoneNumber } from "./phone-number.model.js";
import { parsePhoneNumberFromString } from "libphonenumber-js";

export interface Capabilities {
  voice: boolean;
  sms: boolean;
  mms: boolean;
}

/** Legacy phone_numbers documents predate capabilities: they were voice numbers. */
export function capabilitiesOf(n: Pick<PhoneNumber, "capabilities">): Capabilities {
  return { voice: n.capabilities?.voice ?? true, sms: n.capabilities?.sms ?? false, mms: n.capabilities?.mms ?? false };
}

/** Registers a number the account bought at Twilio. A number belongs to one account only. */
export async function addPhoneNumber(input: {
  accountId: Types.ObjectId | string;
  number: string;
  capabilities: Partial<Capabilities>;
  phoneType?: string;
  rateCenter?: string;
}): Promise<PhoneNumber> {
  const account = await getAccount(input.accountId);
  const e164 = requireE164(input.number, "number", account.default_country);
  const parsed = parsePhoneNumberFromString(e164);
  const capabilities = { voice: !!input.capabilities.voice, sms: !!input.capabilities.sms, mms: !!input.capabilities.mms };
  if (!capabilities.voice && !capabilities.sms && !capabilities.mms) {
    throw badInput("Give the number at least one capability: --sms, --voice or --mms.", "capabilities");
  }
  try {
    const doc = await PhoneNumberModel.create({
      account_id: account._id,
      phone_number: e164,
      iso_country: parsed?.country ?? account.default_country,
      phone_type: input.phoneType ?? "local",
      prefix: parsed ? `+${parsed.countryCallingCode}` : undefined,
      provider: "twilio",
      rate_center: input.rateCenter,
      region: parsed?.country ?? account.default_country,
      capabilities,
    });
    return doc.toObject();
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    const owner = await PhoneNumberModel.findOne({ phone_number: e164 }).lean<PhoneNumber>().exec();
    const sameAccount = owner?.account_id && String(owner.account_id) === String(account._id);
    throw new AppError(
      ErrorCode.CONFLICT,
      sameAccount ? `${e164} is already one of this account's numbers.` : `${e164} belongs to another account.`,
      { field: "number" },
    );
  }
}

export function listPhoneNumbers(accountId: Types.ObjectId): Promise<PhoneNumber[]> {
  return PhoneNumberModel.find({ account_id: accountId }).sort({ phone_number: 1 }).lean<PhoneNumber[]>().exec();
}

const OWNER_TTL_MS = 30_000;
const owners = new Map<string, { accountId: Types.ObjectId; until: number }>();

/**
 * The account that owns a number, for every inbound webhook. Owners are cached for 30 s (numbers change owner only
 * through onboarding); unknown numbers are not cached, so a number just added works at once.
 */
export async function accountOfNumber(e164: string): Promise<Types.ObjectId | undefined> {
  const hit = owners.get(e164);
  if (hit && hit.until > Date.now()) return hit.accountId;
  const number = await PhoneNumberModel.findOne({ phone_number: e164 }, { account_id: 1 }).lean().exec();
  if (!number?.account_id) return undefined;
  owners.set(e164, { accountId: number.account_id, until: Date.now() + OWNER_TTL_MS });
  return number.account_id;
}

const WORDING = {
  sms: {
    notOwn: "pick one of them as the sender",
    lacking: "cannot send SMS (it is a voice-only number): pick an SMS-capable number",
    none: "Your account has no SMS-capable number yet: add one with `npm run admin -- add-number --account <id> --number <E.164> --sms`.",
  },
  voice: {
    notOwn: "pick one of them to call from",
    lacking: "cannot place calls (it is an SMS-only number): pick a voice number",
    none: "Your account has no voice-capable number yet: add one with `npm run admin -- add-number --account <id> --number <E.164> --voice`.",
  },
} as const;

/**
 * The account's number to text or call from: the one asked for (it must be the account's — FORBIDDEN otherwise — and
 * able to do it), else `preferred` (the number this customer last dealt with) when it can, else the first that can.
 */
export async function chooseAccountNumber(
  accountId: Types.ObjectId,
  capability: "sms" | "voice",
  opts: { requested?: string | null; preferred?: string },
): Promise<string> {
  const words = WORDING[capability];
  const numbers = await PhoneNumberModel.find({ account_id: accountId }).sort({ _id: 1 }).lean<PhoneNumber[]>().exec();
  const can = (n: PhoneNumber) => capabilitiesOf(n)[capability];
  if (opts.requested) {
    const e164 = toE164(opts.requested);
    if (!e164) throw badInput(`${quote(opts.requested)} is not a phone number.`, "from");
    const own = numbers.find((n) => n.phone_number === e164);
    if (!own) throw forbidden(`${e164} is not one of your account's numbers: ${words.notOwn}.`);
    if (!can(own)) throw badInput(`${e164} ${words.lacking}.`, "from");
    return e164;
  }
  const number = numbers.find((n) => n.phone_number === opts.preferred && can(n)) ?? numbers.find(can);
  if (!number) throw badInput(words.none, "from");
  return number.phone_number;
}
