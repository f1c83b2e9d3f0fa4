import "reflect-metadata";
import { loadDevelopmentTools } from "./app/development.js";
import { ConfigError, loadConfig } from "./platform/config.js";
import { openDatabase } from "./app/open-database.js";
import { createLogger } from "./platform/logger.js";
import { createServer } from "./app/server.js";

async function main() {
  let config;
  try {
    // Production unless told otherwise: `npm run dev` passes --dev; NODE_ENV, when set, wins.
    config = loadConfig({ nodeEnv: process.argv.includes("--dev") ? "development" : "production" });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config);
  const database = await openDatabase(config, logger);
  if (config.seedOnEmpty) await (await loadDevelopmentTools()).seedIfEmpty(logger);

  const server = await createServer({ config, logger });
  const url = await server.listen(config.port, config.host);
  logger.info(`API ready: ${url}/graphql (Apollo Sandbox in development), health at ${url}/healthz`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    const started = Date.now();
    await server.close();
    await database.close();
    logger.info({ ms: Date.now() - started }, "stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
