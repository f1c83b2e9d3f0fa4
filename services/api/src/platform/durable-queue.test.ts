import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { DurableQueue } from "./durable-queue.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "durable-queue-"));
const open: DurableQueue[] = [];
const queueAt = (name: string) => {
  const q = new DurableQueue(path.join(dir, name));
  open.push(q);
  return q;
};
afterEach(() => open.splice(0).forEach((q) => q.close()));

describe("DurableQueue", () => {
  it("commits the appends of one turn together, in order, and each is on disk when its promise resolves", async () => {
    const file = path.join(dir, "group.sqlite");
    const queue = queueAt("group.sqlite");
    const reader = new Database(file, { readonly: true });
    const seen: number[] = [];
    const ids = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        queue.enqueue("k", `key-${i % 7}`, { i }).then((id) => {
          // Another connection (another process after a crash) already sees it.
          seen.push((reader.prepare("SELECT COUNT(*) AS n FROM events WHERE id = ?").get(id) as { n: number }).n);
          return id;
        }),
      ),
    );
    reader.close();
    expect(seen).toEqual(Array(200).fill(1));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(200);
    expect(queue.oldest(300).map((e) => (e.payload as { i: number }).i)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it("appends of later turns get later ids (arrival order holds across commits)", async () => {
    const queue = queueAt("turns.sqlite");
    const first = await queue.enqueue("k", "a", 1);
    const [second, third] = await Promise.all([queue.enqueue("k", "a", 2), queue.enqueue("k", "a", 3)]);
    expect(first).toBeLessThan(second);
    expect(second).toBeLessThan(third);
  });

  it("rejects every append of a commit that failed, and none is stored", async () => {
    const queue = queueAt("fails.sqlite");
    // A payload SQLite refuses (a NOT NULL column given null) fails the whole transaction.
    const results = await Promise.allSettled([queue.enqueue("k", "a", 1), queue.enqueue(null as unknown as string, "a", 2)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(queue.stats().depth).toBe(0);
  });

  it("survives being reopened: what was acknowledged is still there", async () => {
    const file = "reopen.sqlite";
    const q1 = new DurableQueue(path.join(dir, file));
    await Promise.all([q1.enqueue("k", "a", { n: 1 }), q1.enqueue("k", "b", { n: 2 })]);
    q1.close();
    const q2 = queueAt(file);
    expect(q2.oldest(10).map((e) => e.payload)).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
