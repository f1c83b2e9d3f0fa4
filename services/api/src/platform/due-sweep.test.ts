import mongoose, { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../test/helpers.js";
import { startDueSweep, type DueSweep } from "./due-sweep.js";
import { createLogger } from "./logger.js";

/** The due sweep on its own, on the real database: three sweepers racing over the same due items. */
describe("due sweep", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ file: import.meta.filename });
  });
  afterAll(() => app.close());

  const items = () => mongoose.connection.db!.collection<{ _id: Types.ObjectId; due_at?: Date; done_at?: Date }>("due_sweep_test");

  function sweeper(now: () => Date, handled: Types.ObjectId[]): DueSweep {
    return startDueSweep<{ _id: Types.ObjectId }>({
      name: "test",
      everyMs: 3_600_000,
      now,
      batch: 50,
      logger: createLogger(app.config),
      findDue: (at, limit) =>
        items()
          .find({ due_at: { $lte: at } }, { projection: { _id: 1 } })
          .sort({ due_at: 1 })
          .limit(limit)
          .toArray(),
      lockKey: (item) => `test:${String(item._id)}`,
      // The claim: still due → no longer due, in one conditional update.
      claim: async (item, at) => {
        const res = await items().updateOne({ _id: item._id, due_at: { $lte: at } }, { $unset: { due_at: 1 }, $set: { done_at: at } });
        return res.modifiedCount ? item : null;
      },
      handle: async (item) => {
        handled.push(item._id);
      },
    });
  }

  it("handles each due item exactly once however many sweepers race, and leaves items not yet due", async () => {
    const base = Date.now();
    await items().insertMany([
      ...Array.from({ length: 20 }, (_, i) => ({ _id: new Types.ObjectId(), due_at: new Date(base - 1000 * (i + 1)) })),
      ...Array.from({ length: 3 }, (_, i) => ({ _id: new Types.ObjectId(), due_at: new Date(base + 3_600_000 * (i + 1)) })),
    ]);
    const handled: Types.ObjectId[] = [];
    const sweeps = [0, 1, 2].map(() => sweeper(() => new Date(base), handled));
    try {
      const counts = await Promise.all(sweeps.map((s) => s.runOnce()));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(20);
      expect(new Set(handled.map(String)).size).toBe(20);
      expect(handled).toHaveLength(20);
      expect(await items().countDocuments({ due_at: { $exists: true } })).toBe(3);
      // The next rounds find nothing left to do.
      expect(await Promise.all(sweeps.map((s) => s.runOnce()))).toEqual([0, 0, 0]);
    } finally {
      for (const s of sweeps) s.stop();
    }
  });

  it("runs one round at a time per sweeper (a second call joins the running round)", async () => {
    const handled: Types.ObjectId[] = [];
    await items().insertOne({ _id: new Types.ObjectId(), due_at: new Date(Date.now() - 1000) });
    const sweep = sweeper(() => new Date(), handled);
    try {
      const [a, b] = [sweep.runOnce(), sweep.runOnce()];
      expect(a).toBe(b);
      expect(await a).toBe(1);
    } finally {
      sweep.stop();
    }
  });
});
