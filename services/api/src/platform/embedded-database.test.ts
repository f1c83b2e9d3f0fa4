import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import mongoose from "mongoose";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase } from "./embedded-database.js";
import { createLogger } from "./logger.js";

/** The README's promise for `npm run dev` without MONGODB_URI: the embedded database keeps its data across restarts. */
describe("the embedded database", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "talkdesk-embedded-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("starts with no configuration and loses nothing across a restart on the same data directory", async () => {
    const logger = createLogger({ logLevel: "silent", nodeEnv: "test" });
    const first = await startEmbeddedDatabase({ dataDir, logger });
    const conn = await mongoose.createConnection(first.uri, { dbName: "restart" }).asPromise();
    await conn.collection("notes").insertOne({ body: "still here" });
    await conn.close();
    await first.stop();

    const second = await startEmbeddedDatabase({ dataDir, logger });
    try {
      const again = await mongoose.createConnection(second.uri, { dbName: "restart" }).asPromise();
      expect(await again.collection("notes").findOne({}, { projection: { _id: 0 } })).toEqual({ body: "still here" });
      await again.close();
    } finally {
      await second.stop();
    }
  });
});
