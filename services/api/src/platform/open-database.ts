import type { Config } from "./config.js";
import { connectDatabase, disconnectDatabase } from "./database.js";
import { startEmbeddedDatabase } from "./embedded-database.js";
import type { Logger } from "./logger.js";

/** MONGODB_URI when set, else the embedded database under DATA_DIR (.data/). */
export async function openDatabase(config: Config, logger: Logger): Promise<{ uri: string; close(): Promise<void> }> {
  const embedded = config.mongodbUri ? undefined : await startEmbeddedDatabase({ dataDir: config.dataDir, logger });
  const uri = config.mongodbUri ?? embedded!.uri;
  await connectDatabase(uri, { dbName: config.mongodbDb ?? (embedded ? "talkdesk" : undefined), logger });
  if (embedded) logger.info({ engine: embedded.engine, dataDir: config.dataDir }, "using the embedded database (set MONGODB_URI to use your own)");
  return {
    uri,
    close: async () => {
      await disconnectDatabase();
      await embedded?.stop();
    },
  };
}
