import mongoose from "mongoose";
import type { Logger } from "./logger.js";

/** Anything whose indexes the service needs: a mongoose model. app/models.ts lists them all. */
export interface IndexedModel {
  createIndexes(): Promise<unknown>;
}

mongoose.set("autoIndex", false);
mongoose.set("autoCreate", false);
// A filter on a field the model does not have is a bug (e.g. an SmsEntry field queried through the base Entry
// model, which mongoose would silently drop, matching everything): fail loudly instead.
mongoose.set("strictQuery", "throw");

/**
 * Connects the process-wide mongoose connection and makes sure every index exists (created at start-up, never lazily).
 * Works on MongoDB 6+ and FerretDB v1 (no transactions, no $lookup are used anywhere).
 */
export async function connectDatabase(
  uri: string,
  opts: { models: readonly IndexedModel[]; dbName?: string; logger?: Logger; monitorCommands?: boolean },
): Promise<typeof mongoose> {
  // monitorCommands: the driver emits commandStarted/Succeeded/Failed for every command (the benchmark counts them).
  await mongoose.connect(uri, { dbName: opts.dbName, serverSelectionTimeoutMS: 10_000, ...(opts.monitorCommands && { monitorCommands: true }) });
  await detectEngine();
  await ensureIndexes(opts.models);
  opts.logger?.info({ db: mongoose.connection.name }, "database connected");
  return mongoose;
}

async function ensureIndexes(models: readonly IndexedModel[]): Promise<void> {
  for (const model of models) await model.createIndexes();
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}

export async function pingDatabase(): Promise<boolean> {
  try {
    const db = mongoose.connection.db;
    if (!db) return false;
    await db.admin().ping();
    return true;
  } catch {
    return false;
  }
}

/** Whether the driver holds a live connection (false while the database is down or not yet reached). */
export function isDatabaseConnected(): boolean {
  return mongoose.connection.readyState === mongoose.ConnectionStates.connected;
}

let engine: "mongodb" | "ferretdb" | undefined;

/** Which server this is: FerretDB reports itself in buildInfo (`ferretdbVersion`). */
export async function detectEngine(): Promise<"mongodb" | "ferretdb"> {
  const info = await mongoose.connection.db!.admin().command({ buildInfo: 1 });
  engine = "ferretdb" in info || "ferretdbVersion" in info ? "ferretdb" : "mongodb";
  return engine;
}

/**
 * Whether a single conditional update is atomic on this server (MongoDB: yes; FerretDB v1: no, it reads and writes the
 * whole document without isolation). Unknown (not connected yet) counts as no.
 */
export function updatesAreIsolated(): boolean {
  return engine === "mongodb";
}
