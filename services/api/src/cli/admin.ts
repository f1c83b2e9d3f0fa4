import "reflect-metadata";
import { parseArgs } from "node:util";
import { createAccount } from "../accounts/account.service.js";
import { AgentModel } from "../auth/agent.model.js";
import { createAgent, createApiKey, listApiKeys, revokeAgentSessions, revokeApiKey } from "../auth/auth.service.js";
import type { Deps } from "../platform/deps.js";
import { createEventBus } from "../platform/pubsub.js";
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
  npm run admin -- list-api-keys  --account ID
  npm run admin -- revoke-api-key --account ID --id KEY_ID
  npm run admin -- sign-out-agent --email E        (ends every session of the agent)

Revocations take effect at once for requests; open sockets close at once with REDIS_URL set (the API's event bus),
else within a minute.
`;

class UsageError extends Error {}

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || !v.trim()) throw new UsageError(`--${name} is required.`);
  return v;
}

/** Runs one admin command; returns the lines to print (the last is the id or key). */
export async function runAdmin(argv: string[], deps?: Pick<Deps, "pubSub">): Promise<string[]> {
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
      id: { type: "string" },
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
    case "list-api-keys": {
      const keys = await listApiKeys(required(values, "account"));
      const day = (d?: Date) => (d ? d.toISOString().slice(0, 16).replace("T", " ") : "never");
      const rows = keys.map(
        (k) =>
          `${k._id}  ${k.prefix}…  ${(k.name ?? "").padEnd(20)}  created ${day(k.created_at)}  last used ${day(k.last_used_at)}${k.revoked_at ? `  REVOKED ${day(k.revoked_at)}` : ""}`,
      );
      return [...rows, `${keys.length} API key${keys.length === 1 ? "" : "s"} (${keys.filter((k) => !k.revoked_at).length} active).`];
    }
    case "revoke-api-key": {
      const key = await revokeApiKey(deps, required(values, "account"), required(values, "id"));
      return [`Revoked API key ${key.prefix}… on ${key.revoked_at!.toISOString()}.`, String(key._id)];
    }
    case "sign-out-agent": {
      const email = required(values, "email").trim().toLowerCase();
      const agent = await AgentModel.findOne({ email }).lean().exec();
      if (!agent) throw new UsageError(`No agent signs in as ${email}.`);
      const ended = await revokeAgentSessions(deps, agent.account_id, agent._id);
      return [`Ended ${ended} session${ended === 1 ? "" : "s"} of ${agent.name} <${agent.email}>.`, String(ended)];
    }
    default:
      throw new UsageError(command ? `Unknown command "${command}".` : "Name a command.");
  }
}

async function main() {
  const config = loadConfig();
  const logger = createLogger({ ...config, logLevel: "warn" });
  const db = await openDatabase(config, logger);
  // With Redis, revocations reach every API replica's open sockets at once.
  const events = config.redisUrl ? createEventBus({ redisUrl: config.redisUrl, logger }) : undefined;
  try {
    for (const line of await runAdmin(process.argv.slice(2), events)) console.log(line);
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
    await events?.close();
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
