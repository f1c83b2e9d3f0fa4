import type { Types } from "mongoose";
import { badInput, notFound } from "../platform/errors.js";
import { parseObjectId } from "../platform/object-id.js";
import { AccountModel, type Account } from "./account.model.js";

export async function createAccount(input: { name: string; defaultCountry?: string }): Promise<Account> {
  const name = input.name?.trim();
  if (!name) throw badInput('An account needs a name, e.g. --name "Acme Support".', "name");
  const country = (input.defaultCountry ?? "US").toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw badInput(`"${input.defaultCountry}" is not a two-letter country code such as US.`, "defaultCountry");
  const doc = await AccountModel.create({ name, default_country: country });
  return doc.toObject();
}

export async function getAccount(id: Types.ObjectId | string): Promise<Account> {
  const _id = typeof id === "string" ? parseObjectId(id, "account id", "account") : id;
  const account = await AccountModel.findById(_id).lean<Account>().exec();
  if (!account) throw notFound("account", String(id));
  return account;
}
