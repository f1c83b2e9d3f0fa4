import "reflect-metadata";
import { loadConfig } from "../platform/config.js";
import { createLogger } from "../platform/logger.js";
import { openDatabase } from "../app/open-database.js";
import { DEMO_AGENTS, DEMO_SMS_NUMBER, DEMO_VOICE_NUMBER, findDemoAccount, seedDemo } from "../dev/demo-seed.js";

const config = loadConfig();
const logger = createLogger({ ...config, logLevel: "warn" });
const db = await openDatabase(config, logger);
try {
  const existing = await findDemoAccount();
  if (existing) {
    console.log("The demo account is already seeded (delete .data/ or drop the database to start over).");
    for (const a of DEMO_AGENTS) console.log(`Sign in as ${a.email} / ${a.password}`);
    console.log(existing);
    process.exit(0);
  }
  const result = await seedDemo();
  console.log(`Seeded the demo account ${result.accountId}: ${result.contacts} contacts, ${result.entries} entries.`);
  console.log(`Numbers: ${DEMO_SMS_NUMBER} (SMS + voice), ${DEMO_VOICE_NUMBER} (voice only).`);
  for (const a of DEMO_AGENTS) console.log(`Sign in as ${a.email} / ${a.password}`);
  console.log(result.accountId);
} finally {
  await db.close();
}
