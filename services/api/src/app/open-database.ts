import type { Config } from "../platform/config.js";
import { disconnectDatabase } from "../platform/database.js";
import { connectAppDatabase } from "./models.js";
import { startEmbeddedDatabase } from "../platform/embedded-database.js";
import type { Logger } from "../platform/logger.js";

/** MONGODB_URI when set, else the embedded database under DATA_DIR (.data/). `monitorCommands`: see connectDatabase. */
export async function openDatabase(
  config: Config,
  logger: Logger,
  opts: { monitorCommands?: boolean } = {},
): Promise<{ uri: string; close(): Promise<void> }> {
  const embedded = config.mongodbUri ? undefined : await startEmbeddedDatabase({ dataDir: config.dataDir, logger });
  const uri = config.mongodbUri ?? embedded!.uri;
  await connectAppDatabase(uri, { dbName: config.mongodbDb ?? (embedded ? "talkdesk" : undefined), logger, monitorCommands: opts.monitorCommands });
  if (embedded) logger.info({ engine: embedded.engine, dataDir: config.dataDir }, "using the embedded database (set MONGODB_URI to use your own)");
  return {
    uri,
    close: async () => {
      await disconnectDatabase();
      await embedded?.stop();
    },
  };
}
