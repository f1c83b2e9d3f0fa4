import "reflect-metadata";
import { parseArgs } from "node:util";
import { createAccount } from "../accounts/account.service.js";
import { createAgent, createApiKey } from "../auth/auth.service.js";
import { loadConfig } from "../platform/config.js";
import { AppError } from "../platform/errors.js";
import { createLogger } from "../platform/logger.js";
import { openDatabase } from "../app/open-database.js";
import { addPhoneNumber } from "../phone-numbers/phone-number.service.js";

const USAGE = `Onboarding without a UI. Each command prints the created id or key as its last line.

  npm run admin -- create-account --name "Acme Support" [--country US]
  npm run admin -- create-agent   --account ID --email E --password P [--name N] [--phone +15146300100]
  npm run admin -- create-api-key --account ID [--name "billing service"]
  npm run admin -- add-number     --account ID --number +16502907793 [--sms] [--voice] [--mms]
`;

class UsageError extends Error {}

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || !v.trim()) throw new UsageError(`--${name} is required.`);
  return v;
}

/** Runs one admin command; returns the lines to print (the last is the id or key). */
export async function runAdmin(argv: string[]): Promise<string[]> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: "string" },
      country: { type: "string" },
      account: { type: "string" },
      email: { type: "string" },
      password: { type: "string" },
      phone: { type: "string" },
      number: { type: "string" },
      sms: { type: "boolean" },
      voice: { type: "boolean" },
      mms: { type: "boolean" },
    },
    strict: true,
  });
  switch (command) {
    case "create-account": {
      const account = await createAccount({ name: required(values, "name"), defaultCountry: values.country });
      return [`Created account "${account.name}".`, String(account._id)];
    }
    case "create-agent": {
      const agent = await createAgent({
        accountId: required(values, "account"),
        email: required(values, "email"),
        password: required(values, "password"),
        name: values.name,
        phone: values.phone,
      });
      return [`Created agent ${agent.name} <${agent.email}>.`, String(agent._id)];
    }
    case "create-api-key": {
      const { id, key } = await createApiKey(required(values, "account"), values.name);
      return [`Created API key ${id}. Store it now: it is shown only once. Use it as "Authorization: Bearer <key>".`, key];
    }
    case "add-number": {
      const number = await addPhoneNumber({
        accountId: required(values, "account"),
        number: required(values, "number"),
        capabilities: { sms: !!values.sms, voice: !!values.voice, mms: !!values.mms },
      });
      const caps = Object.entries(number.capabilities)
        .filter(([, v]) => v)
        .map(([k]) => k)
        .join(", ");
      return [`Added ${number.phone_number} (${caps}).`, String(number._id)];
    }
    default:
      throw new UsageError(command ? `Unknown command "${command}".` : "Name a command.");
  }
}

async function main() {
  const config = loadConfig();
  const db = await openDatabase(config, createLogger({ ...config, logLevel: "warn" }));
  try {
    for (const line of await runAdmin(process.argv.slice(2))) console.log(line);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      console.error(`${(err as Error).message}\n\n${USAGE}`);
    } else if (err instanceof AppError) {
      console.error(`Error: ${err.message}`);
    } else {
      throw err;
    }
    process.exitCode = 2;
  } finally {
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
