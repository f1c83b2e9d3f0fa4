import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/helpers.js";
import { detectEngine, updatesAreIsolated } from "./database.js";
import { recordQueries } from "./index-coverage.js";
import { CHANGED, optimistic } from "./lock.js";

describe("optimistic read-decide-write", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename });
  });
  afterAll(() => app.close());

  const docs = () => mongoose.connection.db!.collection("optimistic_test");

  it("knows the server: FerretDB reports itself, and only MongoDB's updates count as isolated", async () => {
    const engine = await detectEngine();
    const info = await mongoose.connection.db!.admin().command({ buildInfo: 1 });
    expect(engine).toBe("ferretdbVersion" in info ? "ferretdb" : "mongodb");
    expect(updatesAreIsolated()).toBe(engine === "mongodb");
  });

  it("reads again when the document changed between its read and its guarded write, and never loses a change", async () => {
    const { insertedId } = await docs().insertOne({ n: 0 });
    let attempts = 0;
    const result = await optimistic(`test:${insertedId}`, async () => {
      attempts++;
      const doc = await docs().findOne({ _id: insertedId });
      // The first time, someone else changes it after our read (what a concurrent callback would do).
      if (attempts === 1) await docs().updateOne({ _id: insertedId }, { $set: { n: 10 } });
      const res = await docs().updateOne({ _id: insertedId, n: doc!.n }, { $set: { n: doc!.n + 1 } });
      return res.matchedCount ? doc!.n + 1 : CHANGED;
    });
    expect(attempts).toBe(2);
    expect(result).toBe(11);
    expect((await docs().findOne({ _id: insertedId }))!.n).toBe(11);
  });

  it("takes a lease only where the server's updates are not isolated (FerretDB): two writes saved on MongoDB", async () => {
    const { insertedId } = await docs().insertOne({ n: 0 });
    const recording = recordQueries();
    await optimistic(`test:${insertedId}`, async () => {
      const { LockModel } = await import("./lock.js");
      await LockModel.exists({ _id: "nothing" }); // a query through mongoose, so the recorder is seen working
      return true;
    });
    const leaseWrites = recording.stop().filter((q) => q.collection === "locks" && q.method !== "findOne");
    expect(leaseWrites.length).toBe(updatesAreIsolated() ? 0 : 2);
  });

  it("gives up with CONFLICT, not forever, when every attempt finds the document changed", async () => {
    await expect(optimistic("test:always-changed", async () => CHANGED)).rejects.toMatchObject({ extensions: { code: "CONFLICT" } });
  });
});
