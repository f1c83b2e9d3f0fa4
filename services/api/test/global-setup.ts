import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../src/platform/embedded-database.js";
import { createLogger } from "../src/platform/logger.js";

declare module "vitest" {
  export interface ProvidedContext {
    mongodbUri: string;
  }
}

let embedded: EmbeddedDatabase | undefined;
let dir: string | undefined;

/**
 * One database server for the whole run: MONGODB_URI when set (CI: FerretDB on PostgreSQL), else the embedded
 * default in a throw-away directory. Each test file then uses its own database name on it.
 */
export async function setup(project: TestProject) {
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    dir = mkdtempSync(path.join(os.tmpdir(), "talkdesk-test-db-"));
    embedded = await startEmbeddedDatabase({ dataDir: dir, logger: createLogger({ logLevel: "warn", nodeEnv: "test" }) });
    uri = embedded.uri;
  }
  project.provide("mongodbUri", uri);
}

export async function teardown() {
  await embedded?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
